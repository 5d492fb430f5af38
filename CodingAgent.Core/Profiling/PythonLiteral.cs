using System.Globalization;
using System.Text;

namespace CodingAgent.Core.Profiling;

/// <summary>Python string literals for text that comes from files (names, values): readable, and never code.</summary>
public static class PythonLiteral
{
    /// <summary><paramref name="text"/> as a double-quoted Python string literal; quotes, backslashes, control characters and lone surrogates are escaped.</summary>
    public static string String(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (c < ' ' || c == '\u007f' || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    public static string StringList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(String)) + "]";

    /// <summary>A finite number as a Python float literal (round-trip precision).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture) switch
    {
        var s when s.Contains('E', StringComparison.Ordinal) || s.Contains('.', StringComparison.Ordinal) => s.Replace("E", "e", StringComparison.Ordinal),
        var s => s,
    };

    /// <summary>The label of a column of <c>df</c>: its name, or its position for a file read without a header (pandas numbers those columns).</summary>
    public static string Label(string name, bool header) =>
        !header && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position.ToString(CultureInfo.InvariantCulture) : String(name);
}
