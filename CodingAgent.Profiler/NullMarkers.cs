namespace CodingAgent.Profiler;

/// <summary>Text that stands for a missing value (compared trimmed and lowercased); blank text counts too.</summary>
internal static class NullMarkers
{
    public static IReadOnlyList<string> Lowercase { get; } =
        ["n/a", "na", "#n/a", "n.a.", "-", "--", "null", "none", "nil", "nan", "?", "missing", "#null!", "(null)", "(blank)", "<na>"];

    /// <summary>SQL true when the trimmed text <paramref name="t"/> is blank or a marker.</summary>
    public static string Sql(string t) => $"({t} = '' OR lower({t}) IN ({string.Join(", ", Lowercase.Select(SqlText.Literal))}))";
}
