using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>A table of the file, loaded into DuckDB as <see cref="SqlName"/>, with how pandas reads it the same way.</summary>
/// <param name="OmittedColumns">Columns of a wide file left out before loading (the loaded table holds only the profiled ones).</param>
/// <param name="DuplicateRows">Duplicate rows counted while the columns were left out (over whole records); null: count them in DuckDB.</param>
/// <param name="InMemory">The table read into memory instead (<see cref="SqlName"/> is then not loaded): profiled by <see cref="MemoryCsvProfiler"/>.</param>
/// <param name="SnifferAgreed">When <see cref="InMemory"/> was read from a guess at DuckDB's sniffer's answer while the
/// sniffer ran (<see cref="SnifferGuess"/>): completes with whether the sniffer said the same. Until then the database is
/// the sniffer's; a profile of the table is kept only if it agreed.</param>
/// <param name="SampleSqlName">A table (or a view) of the first rows in file order: the type inference's sample; null: the first rows of <see cref="SqlName"/>.</param>
internal sealed record LoadedTable(
    string Name,
    string? Sheet,
    string SqlName,
    long SizeBytes,
    TableReadOptions Read,
    IReadOnlyList<string> Notes,
    IReadOnlyList<string>? OmittedColumns = null,
    long? DuplicateRows = null,
    string? SampleSqlName = null,
    MemoryCsvTable? InMemory = null,
    Task<bool>? SnifferAgreed = null);
