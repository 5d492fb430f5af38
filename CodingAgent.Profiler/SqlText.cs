namespace CodingAgent.Profiler;

/// <summary>Quoting of names and literals in DuckDB SQL.</summary>
internal static class SqlText
{
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string StringList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Literal)) + "]";
}
