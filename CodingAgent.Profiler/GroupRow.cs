namespace CodingAgent.Profiler;

/// <summary>
/// One distinct raw value of a column with few values and how many rows hold it, with what the profile derives from it
/// (computed once per group rather than per row).
/// </summary>
/// <param name="Key">The raw value as DuckDB returns it (text for text columns).</param>
/// <param name="Marker">Blank text or a null marker.</param>
/// <param name="Measured">The value the distinct count counts (parsed, else the text without markers).</param>
/// <param name="Scale">The parsed value as a number (seconds for times), for the mean, outliers and bins.</param>
/// <param name="Bad">Text that does not parse as the column's type.</param>
/// <param name="NumberText">A number written with currency symbols, separators, percent signs or parentheses.</param>
/// <param name="Format">The index of the date format that parses the text.</param>
internal sealed record GroupRow(
    object Key,
    long Count,
    bool Marker,
    object? Measured,
    double? Scale,
    bool Bad,
    bool NumberText,
    int? Format)
{
    /// <summary>The raw value as text (made on each call: only the few groups that need it ask).</summary>
    public string Value => Key as string ?? ProfileJson.Display(Key);
}
