namespace CodingAgent.Profiler;

/// <summary>Text that stands for a missing value (compared trimmed and lowercased); blank text counts too.</summary>
internal static class NullMarkers
{
    public static IReadOnlyList<string> Lowercase { get; } =
        ["n/a", "na", "#n/a", "n.a.", "-", "--", "null", "none", "nil", "nan", "?", "missing", "#null!", "(null)", "(blank)", "<na>"];

    /// <summary>Text longer than this is neither blank nor a marker (so long text is never trimmed or lowercased).</summary>
    public const int MaxLength = 16;

    /// <summary>SQL true when the text <paramref name="r"/>, trimmed, is blank or a marker.</summary>
    public static string Sql(string r) =>
        $"(CASE WHEN strlen({r}) > {MaxLength} THEN false ELSE (trim({r}) = '' OR lower(trim({r})) IN ({string.Join(", ", Lowercase.Select(SqlText.Literal))})) END)";
}
