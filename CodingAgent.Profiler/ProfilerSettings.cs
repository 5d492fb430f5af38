namespace CodingAgent.Profiler;

/// <summary>The resources a profile may use: memory (MB, for the whole process), threads, and the only folder it writes to.</summary>
/// <param name="GroupedTextFromRows">Tables of more rows than this profile their text columns whose values repeat from
/// a GROUP BY of the values (<see cref="GroupedTextPass"/>), smaller ones in the one wide pass; the profile is the same either way.</param>
/// <param name="OrderedLoadUpToBytes">CSV files up to this size load once, in file order, their first rows a view of the
/// table; larger ones load in parallel without the order, their first rows read again into a table of their own (see
/// <see cref="CsvSource"/>); the profile is the same either way.</param>
/// <param name="Utf8ValidatedBytes">A CSV file is validated as UTF-8 up to this many bytes before it loads (64 KB before a
/// read into memory, which validates the rest); DuckDB's reader validates the rest, and a file that is not UTF-8 after all
/// loads again from a sniff of the whole file (the same profile).</param>
/// <param name="MemoryCsvUpToBytes">UTF-8 CSV files up to this size (and a sixth of <see cref="MemoryMb"/>) are read and
/// profiled in memory by .NET (<see cref="MemoryCsvProfiler"/>) rather than loaded into DuckDB, when the reader can be sure
/// it reads them as DuckDB would; the profile is the same (0: never).</param>
/// <param name="MemoryChunkBytes">Larger UTF-8 CSV files are profiled in memory in chunks of this size (at most a sixteenth
/// of <see cref="MemoryMb"/>; <see cref="ChunkedCsvProfiler"/>), the same profile again; 0: never (DuckDB loads them).</param>
internal sealed record ProfilerSettings(
    int MemoryMb,
    int Threads,
    string ScratchDirectory,
    long GroupedTextFromRows = 100_000,
    long OrderedLoadUpToBytes = 256L << 20,
    long Utf8ValidatedBytes = 16L << 20,
    long MemoryCsvUpToBytes = 128L << 20,
    int MemoryChunkBytes = 64 << 20)
{
    public static ProfilerSettings Default { get; } = new(1024, Math.Max(1, Environment.ProcessorCount), Path.GetTempPath());

    /// <summary>DuckDB's share of <see cref="MemoryMb"/>: the rest is left to .NET, the Excel reader and the native allocator's slack.</summary>
    public int DuckDbMemoryMb => Math.Max(64, (int)(MemoryMb * 0.55) - 64);
}
