using System.Globalization;
using System.Text;

namespace CodingAgent.Profiler;

/// <summary>Python source literals for values that come from hostile files: every string is escaped, never pasted.</summary>
internal static class PythonLiteral
{
    public static string String(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append(@"\n"); break;
                case '\r': text.Append(@"\r"); break;
                case '\t': text.Append(@"\t"); break;
                case < ' ' or '\u007f' or '\u2028' or '\u2029':
                    text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
                default: text.Append(c); break;
            }
        }
        return text.Append('"').ToString();
    }

    public static string StringList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(String)) + "]";

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture) switch
    {
        var s when s.Contains('E', StringComparison.Ordinal) || s.Contains('.', StringComparison.Ordinal) => s.Replace("E", "e", StringComparison.Ordinal),
        var s => s,
    };

    /// <summary>The label of a column of <c>df</c>: its name, or its position for a file read without a header (pandas numbers those columns).</summary>
    public static string Label(string name, bool header) =>
        !header && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position.ToString(CultureInfo.InvariantCulture) : String(name);
}
