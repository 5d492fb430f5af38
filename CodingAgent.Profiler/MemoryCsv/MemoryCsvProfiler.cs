using System.Diagnostics;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// Profiles a CSV read into memory (<see cref="MemoryCsvTable"/>) to the profile <see cref="DuckDbProfiler"/> gives
/// the same table loaded into DuckDB: the same type inference over the first rows, the same statistics under the same
/// keys, assembled by the same code (<see cref="DuckDbProfiler.Facts"/>); every column from its distinct values, each
/// parsed and tested once (mostly distinct numbers written as text row by row). Distinct counts DuckDB approximates are
/// exact here, but those of numbers written as text parsed row by row, approximated as DuckDB does. Null when
/// a value is one whose parse this profiler cannot be sure matches DuckDB's (then DuckDB profiles the file).
/// </summary>
internal sealed class MemoryCsvProfiler(long groupedTextFromRows)
{
    /// <summary>
    /// A text column whose first rows likely hold a value of their own more than this often (by its probe: <see
    /// cref="DistinctEstimate.DistinctShare"/>) is planned from its rows as they are (<see cref="MemoryColumnPlanner.PlanFromRows"/>).
    /// </summary>
    internal const double MostlyDistinct = 0.7;

    public TableFacts? Profile(MemoryCsvTable table, LoadedTable loaded, Action<double> progress, CancellationToken cancellationToken)
    {
        var rows = table.Rows;
        var count = table.Columns.Length;
        var started = Stopwatch.GetTimestamp();
        var shapes = new ColumnShape[count];
        var unique = new bool[count];
        var statistics = new MeasuredStatistics();
        var unsure = 0;
        var done = 0;
        // each column from its text's grouping to its statistics as one piece of work, two at once: text columns first,
        // those with the most distinct values among their first rows first of all (so that the two end together)
        var order = Enumerable.Range(0, count)
            .OrderByDescending(c => table.Columns[c].Storage == MemoryStorage.Text ? 1 + table.ProbeDistinct(table.Columns[c]) : 0)
            .ToList();
        var next = -1;
        void Work()
        {
            int at;
            while ((at = Interlocked.Increment(ref next)) < order.Count && Volatile.Read(ref unsure) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var c = order[at];
                if (!ProfileColumn(table, c, rows, shapes, unique, statistics))
                {
                    Interlocked.Exchange(ref unsure, 1);
                }
                lock (order)
                {
                    // (the progress is written to one output: one thread at a time)
                    progress(0.05 + 0.8 * ++done / count);
                }
            }
        }
        BothCores.Run(Work);
        ProfilerTrace.Write("memory statistics", started);
        if (unsure != 0)
        {
            return null;
        }
        progress(0.85);

        started = Stopwatch.GetTimestamp();
        var duplicates = unique.Any(u => u) ? 0 : DuplicateRows(table);
        ProfilerTrace.Write("memory duplicate rows", started);
        progress(0.95);

        var facts = shapes.Select(s => DuckDbProfiler.Facts(s, statistics.Quantiles, statistics.Stats, statistics.More, rows)).ToList();
        var profile = new TableProfile(loaded.Name, loaded.Sheet, rows, count, loaded.SizeBytes, duplicates, loaded.Read, [.. facts.Select(f => f.Profile)]);
        return new TableFacts(profile, facts);
    }

    /// <summary>One column's plan, shape and statistics (added to the shared maps); false when a parse is unsure.</summary>
    private bool ProfileColumn(MemoryCsvTable table, int c, long rows, ColumnShape[] shapes, bool[] unique, MeasuredStatistics statistics)
    {
        var column = table.Columns[c];
        var t0 = Stopwatch.GetTimestamp();
        var sampleRows = Math.Min(table.Rows, ColumnTypeInference.SampleRows);
        ColumnPlan? plan = null;
        if (column.Storage == MemoryStorage.Text)
        {
            // the first rows' values (what the type inference reads): planned from the rows as they are where they
            // mostly differ, else grouped
            var probe = table.Probe(column);
            plan = DistinctEstimate.DistinctShare(probe.Values, probe.Distinct, sampleRows) > MostlyDistinct ? MemoryColumnPlanner.PlanFromRows(table, c, table.Types[c]) : null;
            if (plan is null)
            {
                table.GroupText(column, 0, sampleRows);
            }
        }
        var shape = shapes[c] = DuckDbProfiler.Shape(plan ?? MemoryColumnPlanner.Plan(table, c, table.Types[c]), rows);
        var own = new Dictionary<string, object?>(StringComparer.Ordinal);
        var ownMore = new Dictionary<string, object?>(StringComparer.Ordinal);
        Dictionary<string, object?> sample;
        if (column.Storage == MemoryStorage.Text && TextRowStatistics.Applies(shape, rows))
        {
            // numbers or times written as text, mostly distinct, in a long table: parsed row by row, never grouped
            if (!TextRowStatistics.Measure(table, column, shape, own, out sample))
            {
                return false;
            }
            ProfilerTrace.Write("  column " + table.Names[c] + " row by row", t0);
        }
        else if (column.Storage != MemoryStorage.Text && !StoredRowStatistics.NeedsGroups(shape, rows))
        {
            // a stored column of many values: every statistic from its rows, its distinct values in a bitmap or a set
            column.Counted = null;
            unique[c] = StoredRowStatistics.Measure(column, shape, table, rows, own, ownMore, out sample);
            ProfilerTrace.Write("  column " + table.Names[c] + " from its rows", t0);
        }
        else
        {
            if (column.Storage == MemoryStorage.Text)
            {
                table.GroupText(column, column.GroupedRows, table.Rows);
            }
            var grouped = ColumnGrouping.Group(table, column, shape.Plan);
            if (grouped is null)
            {
                return false;
            }
            unique[c] = grouped.Count == rows && grouped.Rows.All(n => n == 1);
            sample = MemorySample.Statistics(table, column, shape, grouped);
            new GroupStatistics(groupedTextFromRows).Measure(column, shape, grouped, sample, rows, own, ownMore);
            ProfilerTrace.Write("  column " + table.Names[c] + " from its groups", t0);
        }
        statistics.Add(sample, own, ownMore);
        return true;
    }

    /// <summary>
    /// Rows equal to an earlier row: the rows less the distinct hashes of whole rows (as DuckDB's
    /// <c>count(*) - count(DISTINCT hash(…))</c>). (None when a column holds a value of its own in every row: not called.)
    /// </summary>
    private static long DuplicateRows(MemoryCsvTable table)
    {
        var rows = table.Rows;
        if (rows == 0 || table.Columns.Length == 0)
        {
            return 0;
        }
        var hashes = GC.AllocateUninitializedArray<long>(rows);
        for (var r = 0; r < rows; r++)
        {
            hashes[r] = RowHash(table, r, textBytes: false);
        }
        return rows - DistinctHashes.Count(hashes);
    }

    /// <summary>
    /// A row's hash over its values: text by its bytes, or (<paramref name="textBytes"/> false) by its value's id where
    /// the column is grouped (cheaper; the same for equal texts of one table, not across the chunks of a file).
    /// </summary>
    internal static long RowHash(MemoryCsvTable table, int r, bool textBytes)
    {
        var h = 0x2545F4914F6CDD1DUL;
        foreach (var column in table.Columns)
        {
            var bits = column.IsNull(r) ? unchecked((long)0x8000_0000_0000_0001UL)
                : column.Storage == MemoryStorage.Text && (textBytes || column.GroupedRows < table.Rows) ? (long)ByteKeyTable.Hash64(table.Text(column.Spans![r]))
                : StoredValues.Bits(column, r);
            h = (h ^ (ulong)bits) * 0x9E3779B97F4A7C15UL;
            h ^= h >> 31;
        }
        return (long)h;
    }
}
