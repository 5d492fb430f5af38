namespace CodingAgent.Profiler;

/// <summary>
/// How one column is profiled: its storage, what its values mean (<see cref="Type"/>) and the SQL that turns the
/// stored value into that meaning (numbers from "$1,234.50", dates from several formats). In the profile's queries the
/// raw value is <c>r{Index}</c> and, for text, the trimmed text <c>t{Index}</c>.
/// </summary>
/// <param name="TextStorage">Stored as text (VARCHAR, or cast to text: nested and other values).</param>
/// <param name="DateFormats">For <see cref="ValueKind.Time"/> columns stored as text: the formats found, most frequent first.</param>
internal sealed record ColumnPlan(
    int Index,
    string Name,
    string StorageType,
    bool TextStorage,
    string Type,
    ValueKind Kind,
    bool NumericText,
    IReadOnlyList<string> DateFormats,
    IReadOnlyList<string> Examples)
{
    public string R => "r" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string T => "t" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The stored column as the profile's queries read it: text for anything but plain scalars.</summary>
    public static string RawSql(string name, bool castToText) => castToText ? $"CAST({SqlText.Identifier(name)} AS VARCHAR)" : SqlText.Identifier(name);

    /// <summary>SQL true when the value is missing: NULL, or (for text) blank or a null marker.</summary>
    public string MissingSql => TextStorage ? $"({R} IS NULL OR {NullMarkers.Sql(T)})" : $"({R} IS NULL)";

    /// <summary>The numeric or time value (DOUBLE or TIMESTAMP), NULL when missing or not parseable; null for <see cref="ValueKind.None"/>.</summary>
    public string? ValueSql => Kind switch
    {
        ValueKind.Number when !TextStorage => $"CAST({R} AS DOUBLE)",
        ValueKind.Number => $"(CASE WHEN NOT {MissingSql} THEN TRY_CAST({(NumericText ? StrippedNumber(T) : T)} AS DOUBLE) END)",
        ValueKind.Time when !TextStorage => $"CAST({R} AS TIMESTAMP)",
        ValueKind.Time when DateFormats.Count == 1 => $"try_strptime({T}, {SqlText.Literal(DateFormats[0])})",
        ValueKind.Time => "coalesce(" + string.Join(", ", DateFormats.Select(f => $"try_strptime({T}, {SqlText.Literal(f)})")) + ")",
        _ => null,
    };

    /// <summary>The text without currency symbols, thousands separators, percent signs and spaces; (12.50) becomes -12.50.</summary>
    public static string StrippedNumber(string t)
    {
        var text = $"(CASE WHEN {t} LIKE '(%)' THEN '-' || {t}[2:-2] ELSE {t} END)";
        foreach (var symbol in new[] { "$", "€", "£", "¥", ",", "%", " " })
        {
            text = $"replace({text}, {SqlText.Literal(symbol)}, '')";
        }
        return text;
    }
}
