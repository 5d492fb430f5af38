namespace CodingAgent.Profiler;

/// <summary>
/// What the sniffer detected that a read into memory needs: the column types, and whether a quote inside quotes is
/// written twice; only for plain dialects (quote <c>"</c>, no comment, no skipped lines, no time format, no date format
/// but ISO's).
/// </summary>
/// <param name="StrictIsoDates">The sniffer set the date format <c>%Y-%m-%d</c>: DATE fields are read only when written
/// exactly <c>YYYY-MM-DD</c> (where DuckDB's strptime and its cast agree).</param>
internal sealed record MemoryReadPlan(IReadOnlyList<string> Types, bool Escapes, bool StrictIsoDates)
{
    /// <summary>
    /// Columns of a file whose field past the sniffer's sample stops DuckDB's load with a conversion error (<see
    /// cref="CsvChunk.FailsColumn"/>) become text, as DuckDB's load then reads them (<see cref="CsvDialect.TextColumns"/>)
    /// and again, up to this many columns; past them DuckDB loads the file.
    /// </summary>
    public const int MaxTextColumns = 8;

    /// <summary>The plan with column <paramref name="column"/> read as text (VARCHAR).</summary>
    public MemoryReadPlan WithText(int column) => this with { Types = [.. Types.Select((type, c) => c == column ? "VARCHAR" : type)] };
}
