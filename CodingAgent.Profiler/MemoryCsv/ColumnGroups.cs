namespace CodingAgent.Profiler;

/// <summary>
/// A column of a CSV in memory as its distinct values (groups) with their rows, and for each what the profile derives
/// from it, computed once per group: for text the id of its text, blank-or-marker, the parsed number or time; for
/// stored values the value itself (as its 64 bits).
/// </summary>
/// <param name="Keys">Text: the id in <see cref="MemoryColumn.Keys"/>; else the value's bits (long, double bits, days, 0/1).</param>
/// <param name="Rows">The rows of each group.</param>
/// <param name="Markers">Text that is blank or a null marker (null for stored values).</param>
/// <param name="Scale">The parsed or stored number, or the time in seconds since 1970; NaN when none.</param>
/// <param name="Micros">For times: the parsed or stored time in microseconds since 1970 (exact, for distinct counts and extremes).</param>
/// <param name="Formats">For text times in several formats: the index of the first format that parses it, -1 when none.</param>
/// <param name="NumberText">Text parsed as a number that DuckDB's cast to DOUBLE does not read as it stands.</param>
internal sealed record ColumnGroups(
    long[] Keys,
    long[] Rows,
    bool[]? Markers,
    double[] Scale,
    long[]? Micros,
    sbyte[]? Formats,
    bool[]? NumberText)
{
    public int Count => Keys.Length;
}
