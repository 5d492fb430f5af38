namespace CodingAgent.Profiler;

/// <summary>A date or datetime layout: the regular expression text must match whole, and the strftime format DuckDB and pandas parse it with.</summary>
/// <param name="Separator">For day/month orders that need evidence: the separator whose first two parts are checked for a value above 12.</param>
/// <param name="DayFirstFormat">The format when the first part is the day.</param>
internal sealed record DateFormatCandidate(string Pattern, string Format, bool HasTime, string? Separator = null, string? DayFirstFormat = null)
{
    /// <summary>The pattern over a value's shape (digits made 9, ASCII letters made a; see <see cref="ValueShapes"/>).</summary>
    public System.Text.RegularExpressions.Regex ShapePattern { get; } =
        new("^" + Pattern.Replace(@"\d", "9", StringComparison.Ordinal).Replace("[A-Za-z]", "a", StringComparison.Ordinal).Replace("T", "a", StringComparison.Ordinal) + "$",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static IReadOnlyList<DateFormatCandidate> All { get; } =
    [
        new(@"\d{4}-\d{1,2}-\d{1,2}", "%Y-%m-%d", false),
        new(@"\d{4}/\d{1,2}/\d{1,2}", "%Y/%m/%d", false),
        new(@"\d{4}\.\d{1,2}\.\d{1,2}", "%Y.%m.%d", false),
        new(@"\d{1,2}/\d{1,2}/\d{4}", "%m/%d/%Y", false, "/", "%d/%m/%Y"),
        new(@"\d{1,2}-\d{1,2}-\d{4}", "%m-%d-%Y", false, "-", "%d-%m-%Y"),
        new(@"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y", false),
        new(@"[A-Za-z]{3} \d{1,2}, \d{4}", "%b %d, %Y", false),
        new(@"\d{1,2} [A-Za-z]{3} \d{4}", "%d %b %Y", false),
        new(@"\d{1,2}-[A-Za-z]{3}-\d{4}", "%d-%b-%Y", false),
        new(@"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}", "%Y-%m-%d %H:%M:%S", true),
        new(@"\d{4}-\d{1,2}-\d{1,2}T\d{1,2}:\d{2}:\d{2}", "%Y-%m-%dT%H:%M:%S", true),
        new(@"\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}", "%Y-%m-%d %H:%M", true),
        new(@"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2}", "%m/%d/%Y %H:%M:%S", true, "/", "%d/%m/%Y %H:%M:%S"),
        new(@"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}", "%m/%d/%Y %H:%M", true, "/", "%d/%m/%Y %H:%M"),
    ];
}
