namespace CodingAgent.Profiler;

/// <summary>Text that stands for a missing value (compared trimmed and lowercased); blank text counts too.</summary>
internal static class NullMarkers
{
    public static IReadOnlyList<string> Lowercase { get; } =
        ["n/a", "na", "#n/a", "n.a.", "-", "--", "null", "none", "nil", "nan", "?", "missing", "#null!", "(null)", "(blank)", "<na>"];

    /// <summary>Whether the text, trimmed of spaces, is blank or a marker (as <see cref="Sql"/> decides in DuckDB).</summary>
    public static bool IsMarker(string value)
    {
        if (value.Length > MaxLength)
        {
            return false;
        }
        var trimmed = value.Trim(' ');
        return trimmed.Length == 0 || Lowercase.Contains(trimmed.ToLowerInvariant());
    }

    /// <summary>Text longer than this is neither blank nor a marker (so long text is never trimmed or lowercased).</summary>
    public const int MaxLength = 16;

    /// <summary>SQL true when the text <paramref name="r"/>, trimmed, is blank or a marker.</summary>
    public static string Sql(string r) =>
        $"(CASE WHEN strlen({r}) > {MaxLength} THEN false ELSE lower(trim({r})) IN ('', {string.Join(", ", Lowercase.Select(SqlText.Literal))}) END)";
}
