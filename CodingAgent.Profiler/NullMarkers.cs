using System.Collections.Frozen;

namespace CodingAgent.Profiler;

/// <summary>Text that stands for a missing value (compared trimmed and lowercased); blank text counts too.</summary>
internal static class NullMarkers
{
    public static IReadOnlyList<string> Lowercase { get; } =
        ["n/a", "na", "#n/a", "n.a.", "-", "--", "null", "none", "nil", "nan", "?", "missing", "#null!", "(null)", "(blank)", "<na>"];

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _markers =
        Lowercase.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the text, trimmed of spaces, is blank or a marker (as <see cref="Sql"/> decides in DuckDB).</summary>
    public static bool IsMarker(string value)
    {
        if (value.Length > MaxLength)
        {
            return false;
        }
        var trimmed = value.AsSpan().Trim(' ');
        return trimmed.IsEmpty || IsLowercaseOneOf(trimmed, _markers);
    }

    /// <summary>
    /// Whether UTF-8 text is blank or a marker, as <see cref="Sql"/> decides: longer than <see cref="MaxLength"/> bytes,
    /// or starting with an ASCII character no marker starts with, it is not (no text made).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool IsMarker(ReadOnlySpan<byte> utf8) =>
        utf8.Length <= MaxLength && (utf8.IsEmpty || utf8[0] >= 0x80 || _firstBytes.Contains(utf8[0])) && IsMarkerText(utf8);

    /// <summary>The test of <see cref="IsMarker(ReadOnlySpan{byte})"/> past its first byte: ASCII text compared as it is, without a string made of it.</summary>
    private static bool IsMarkerText(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[MaxLength];
        if (System.Text.Ascii.ToUtf16(utf8, chars, out var written) != System.Buffers.OperationStatus.Done)
        {
            return IsMarker(System.Text.Encoding.UTF8.GetString(utf8));
        }
        var trimmed = chars[..written].Trim(' ');
        return trimmed.IsEmpty || IsLowercaseOneOf(trimmed, _markers);
    }

    /// <summary>
    /// Whether the text, lowercased as <see cref="string.ToLowerInvariant()"/> does, is in <paramref name="set"/> (of
    /// lowercase words): ASCII text lowercased in place without allocating, other text through ToLowerInvariant.
    /// </summary>
    internal static bool IsLowercaseOneOf(ReadOnlySpan<char> text, FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> set)
    {
        if (text.Length > MaxLength)
        {
            return set.Contains(text.ToString().ToLowerInvariant());
        }
        Span<char> lower = stackalloc char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsAscii(c))
            {
                return set.Contains(text.ToString().ToLowerInvariant());
            }
            lower[i] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
        }
        return set.Contains(lower);
    }

    /// <summary>Text longer than this is neither blank nor a marker (so long text is never trimmed or lowercased).</summary>
    public const int MaxLength = 16;

    /// <summary>
    /// The characters a blank value or a marker can start with: a space, or the first letter of a marker in either case
    /// (no other character lowercases to one of them).
    /// </summary>
    private static readonly string _firstCharacters =
        " " + new string([.. Lowercase.Select(m => m[0]).Concat(Lowercase.Select(m => char.ToUpperInvariant(m[0]))).Distinct()]);

    /// <summary><see cref="_firstCharacters"/> as bytes (all ASCII), looked up without a search of the string (a tenth of the money text's profile).</summary>
    private static readonly System.Buffers.SearchValues<byte> _firstBytes =
        System.Buffers.SearchValues.Create([.. _firstCharacters.Select(c => (byte)c)]);

    /// <summary>
    /// SQL true when the text <paramref name="r"/>, trimmed, is blank or a marker. Text that starts with a character no
    /// marker starts with is not trimmed and lowercased at all (half the cost for a column of "$1,234.50").
    /// </summary>
    public static string Sql(string r) =>
        $"(CASE WHEN strlen({r}) > {MaxLength} THEN false WHEN NOT contains({SqlText.Literal(_firstCharacters)}, left({r}, 1)) THEN false ELSE lower(trim({r})) IN ('', {string.Join(", ", Lowercase.Select(SqlText.Literal))}) END)";
}
