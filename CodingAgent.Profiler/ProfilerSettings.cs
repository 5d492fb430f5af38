namespace CodingAgent.Profiler;

/// <summary>The resources a profile may use: memory (MB, for the whole process), threads, and the only folder it writes to.</summary>
/// <param name="GroupedTextFromRows">Tables of more rows than this profile their text columns whose values repeat from
/// a GROUP BY of the values (<see cref="GroupedTextPass"/>), smaller ones in the one wide pass; the profile is the same either way.</param>
internal sealed record ProfilerSettings(int MemoryMb, int Threads, string ScratchDirectory, long GroupedTextFromRows = 100_000)
{
    public static ProfilerSettings Default { get; } = new(1024, Math.Max(1, Environment.ProcessorCount), Path.GetTempPath());

    /// <summary>DuckDB's share of <see cref="MemoryMb"/>: the rest is left to .NET, the Excel reader and the native allocator's slack.</summary>
    public int DuckDbMemoryMb => Math.Max(64, (int)(MemoryMb * 0.55) - 64);
}
