namespace CodingAgent.Profiler;

/// <summary>
/// The statistics of a table's columns as they are measured, two columns at once: the first rows' (quantiles and
/// ranges), the passes' and the more that <see cref="DuckDbProfiler.Facts"/> reads, under the keys DuckDB's passes give them.
/// </summary>
internal sealed class MeasuredStatistics
{
    public Dictionary<string, object?> Quantiles { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, object?> Stats { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, object?> More { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds one column's statistics (from any thread).</summary>
    public void Add(Dictionary<string, object?> sample, Dictionary<string, object?> stats, Dictionary<string, object?> more)
    {
        lock (Stats)
        {
            foreach (var (key, value) in sample)
            {
                Quantiles[key] = value;
            }
            foreach (var (key, value) in stats)
            {
                Stats[key] = value;
            }
            foreach (var (key, value) in more)
            {
                More[key] = value;
            }
        }
    }
}
