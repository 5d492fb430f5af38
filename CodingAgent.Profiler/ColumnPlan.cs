namespace CodingAgent.Profiler;

/// <summary>
/// How one column is profiled: its storage, what its values mean (<see cref="Type"/>) and the SQL that turns the
/// stored value into that meaning (numbers from "$1,234.50", dates from several formats). In the profile's queries the
/// raw value is <c>r{Index}</c>, blank-or-marker <c>k{Index}</c> (text) and the parsed value <c>v{Index}</c>.
/// </summary>
/// <param name="TextStorage">Stored as text (VARCHAR, or cast to text: nested and other values).</param>
/// <param name="DateFormats">For <see cref="ValueKind.Time"/> columns stored as text: the formats found, most frequent first.</param>
/// <param name="TopCandidates">The most frequent values in the sample, as text, most frequent first (the full scan counts them).</param>
/// <param name="SampleDistinct">Distinct values in the sample.</param>
/// <param name="SampleValues">Values (not missing) in the sample.</param>
internal sealed record ColumnPlan(
    int Index,
    string Name,
    string StorageType,
    bool TextStorage,
    string Type,
    ValueKind Kind,
    bool NumericText,
    IReadOnlyList<string> DateFormats,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string>? TopCandidates = null,
    long SampleDistinct = 0,
    long SampleValues = 0)
{
    public string R => "r" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string RawSql(string name, bool castToText) => castToText ? $"CAST({SqlText.Identifier(name)} AS VARCHAR)" : SqlText.Identifier(name);

    /// <summary>The profile's name for "this text value is blank or a null marker" (text only).</summary>
    public string K => "k" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The profile's name for the parsed value (see <see cref="ValueSql"/>).</summary>
    public string V => "v" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>SQL for <see cref="K"/>, over <see cref="R"/>.</summary>
    public string MarkerSql => $"({R} IS NOT NULL AND {NullMarkers.Sql(R)})";

    /// <summary>SQL true when the value is missing: NULL, or (for text) blank or a null marker; over <see cref="R"/> and <see cref="K"/>.</summary>
    public string MissingSql => TextStorage ? $"({R} IS NULL OR {K})" : $"({R} IS NULL)";

    /// <summary>The numeric or time value (the stored one, or DOUBLE or TIMESTAMP parsed from text), NULL when missing or not parseable; null for <see cref="ValueKind.None"/>.</summary>
    public string? ValueSql => Kind switch
    {
        ValueKind.Number when !TextStorage => R,
        ValueKind.Number when NumericText => $"(CASE WHEN NOT {MissingSql} THEN coalesce(TRY_CAST({DollarsStripped(R)} AS DOUBLE), TRY_CAST({StrippedNumber(R)} AS DOUBLE)) END)",
        ValueKind.Number => $"(CASE WHEN NOT {MissingSql} THEN TRY_CAST({R} AS DOUBLE) END)",
        ValueKind.Time when !TextStorage => R,
        ValueKind.Time when DateFormats.Count == 1 => Parse(DateFormats[0]),
        ValueKind.Time => "coalesce(" + string.Join(", ", DateFormats.Select(Parse)) + ")",
        _ => null,
    };

    /// <summary>SQL for the index of the first of <see cref="DateFormats"/> that parses the text (what <see cref="ValueSql"/> used), else NULL.</summary>
    public string FormatIndexSql => "(CASE " + string.Concat(DateFormats.Select((f, k) => $"WHEN {Parse(f)} IS NOT NULL THEN {k.ToString(System.Globalization.CultureInfo.InvariantCulture)} ")) + "END)";

    /// <summary>The text as a TIMESTAMP in the first of the first <paramref name="count"/> of <see cref="DateFormats"/> that parses it, else NULL.</summary>
    public string ParsedByFirstFormatsSql(int count) =>
        count == 1 ? Parse(DateFormats[0]) : "coalesce(" + string.Join(", ", DateFormats.Take(count).Select(Parse)) + ")";

    /// <summary>
    /// The text as a TIMESTAMP in <paramref name="format"/>: ISO dates and datetimes through DuckDB's fast casts, other
    /// formats through strptime (which costs far more per row).
    /// </summary>
    private string Parse(string format) => format switch
    {
        "%Y-%m-%d" => $"CAST(TRY_CAST({R} AS DATE) AS TIMESTAMP)",
        "%Y-%m-%d %H:%M:%S" => $"TRY_CAST({R} AS TIMESTAMP)",
        _ => $"try_strptime(trim({R}), {SqlText.Literal(format)})",
    };

    /// <summary>
    /// The text without currency symbols, thousands separators, percent signs and spaces; (12.50) becomes -12.50.
    /// (DuckDB's casts accept surrounding spaces, so plain numbers need no trim.)
    /// </summary>
    public static string StrippedNumber(string r) =>
        $"(CASE WHEN contains({r}, '(') THEN '-' || translate({r}, '$€£¥,% ()', '') ELSE translate({r}, '$€£¥,% ', '') END)";

    /// <summary>
    /// The text without dollar signs, thousands commas and spaces: three replace() calls cost about half of the
    /// translate() in <see cref="StrippedNumber"/>. Where this text parses, it holds none of the other symbols nor a
    /// parenthesis, so <see cref="StrippedNumber"/> would give the same text; where it does not, that one is tried.
    /// </summary>
    internal static string DollarsStripped(string r) => $"replace(replace(replace({r}, '$', ''), ',', ''), ' ', '')";
}
