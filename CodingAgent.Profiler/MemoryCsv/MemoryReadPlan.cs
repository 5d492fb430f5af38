namespace CodingAgent.Profiler;

/// <summary>
/// What the sniffer detected that a read into memory needs: the column types, and whether a quote inside quotes is
/// written twice; only for plain dialects (quote <c>"</c>, no comment, no skipped lines, no time format, no date format
/// but ISO's).
/// </summary>
/// <param name="StrictIsoDates">The sniffer set the date format <c>%Y-%m-%d</c>: DATE fields are read only when written
/// exactly <c>YYYY-MM-DD</c> (where DuckDB's strptime and its cast agree).</param>
internal sealed record MemoryReadPlan(IReadOnlyList<string> Types, bool Escapes, bool StrictIsoDates);
