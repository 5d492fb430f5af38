using System.Text.RegularExpressions;

namespace CodingAgent.Profiler;

/// <summary>
/// The shape of a text value: digits become 9 and ASCII letters a ("$1,234.50" → "$9,999.99", "Jan 5, 2024" → "aaa 9, 9999"),
/// so that the type inference matches its patterns against a few distinct shapes instead of every value.
/// </summary>
internal static partial class ValueShapes
{
    public const int MaxLength = 40;

    /// <summary>The shape of <paramref name="text"/>; longer text has the shape <c>~</c>.</summary>
    public static string Of(string text)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        return Of(text.AsSpan(), buffer).ToString();
    }

    /// <summary>
    /// Writes the shape of <paramref name="text"/> into <paramref name="shape"/> (at least <see cref="MaxLength"/> long)
    /// and returns it, without allocating (the text overload returns it as a string).
    /// </summary>
    public static ReadOnlySpan<char> Of(ReadOnlySpan<char> text, Span<char> shape)
    {
        if (text.Length > MaxLength)
        {
            return "~";
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            shape[i] = char.IsAsciiDigit(c) ? '9' : char.IsAsciiLetter(c) ? 'a' : c;
        }
        return shape[..text.Length];
    }

    /// <summary>The shape of ASCII text (bytes), written into <paramref name="shape"/> (as long as the text, at most <see cref="MaxLength"/>).</summary>
    public static ReadOnlySpan<byte> Of(ReadOnlySpan<byte> ascii, Span<byte> shape)
    {
        for (var i = 0; i < ascii.Length; i++)
        {
            var b = ascii[i];
            shape[i] = char.IsAsciiDigit((char)b) ? (byte)'9' : char.IsAsciiLetter((char)b) ? (byte)'a' : b;
        }
        return shape[..ascii.Length];
    }

    /// <summary>Whether a shape can be a date or a time at all (every date layout has digits): a cheap test before the layouts' patterns.</summary>
    public static bool MayBeDate(string shape) => shape.Length is >= 6 and <= 24 && shape.Contains('9', StringComparison.Ordinal);

    public static bool IsNumber(string shape) => NumberPattern().IsMatch(shape);

    public static bool IsInteger(string shape) => IntegerPattern().IsMatch(shape);

    /// <summary>A number with currency symbols, thousands separators, a percent sign or parentheses (and not a plain number).</summary>
    public static bool IsNumberText(string shape) => !IsNumber(shape) && NumberTextPattern().IsMatch(shape);

    [GeneratedRegex(@"^[+-]?(9+\.?9*|\.9+)$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^[+-]?9+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[+-]?\(?[+-]?[$€£¥]?\s?[+-]?(9{1,3}(,999)+|9+)(\.9+)?\s?%?\)?$")]
    private static partial Regex NumberTextPattern();
}
