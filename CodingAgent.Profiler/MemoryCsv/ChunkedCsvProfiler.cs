using System.Diagnostics;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// Profiles a CSV larger than the memory holds (<see cref="ProfilerSettings.MemoryCsvUpToBytes"/>) in memory all the
/// same, one chunk at a time (<see cref="CsvChunkReader"/>, the next chunk read while one is profiled): each chunk is
/// read as <see cref="MemoryCsvTable"/> reads a whole file, the first chunk's first rows plan every column as <see
/// cref="MemoryCsvProfiler"/> plans it, and every chunk adds to each column's statistics (<see cref="ChunkedColumn"/>),
/// which give the profile <see cref="MemoryCsvProfiler"/> gives the whole table (means and deviations to rounding).
/// Null when the memory profile cannot be sure of the file (as <see cref="MemoryCsvProfiler"/>), its first chunk
/// holds fewer rows than the first rows the plans read, a chunk holds no row's end or bytes that are not UTF-8, or a
/// column's distinct values (or the rows' hashes) outgrow their share of the memory: then DuckDB profiles the file.
/// (A field that stops DuckDB's load makes its column text and the file is read again; a first chunk's unique column
/// that is not unique in the file has the rows hashed by a second read.)
/// </summary>
internal sealed class ChunkedCsvProfiler(ProfilerSettings settings)
{
    /// <summary>The chunks' size: a sixteenth of the memory, at most <see cref="ProfilerSettings.MemoryChunkBytes"/>.</summary>
    private int ChunkBytes => (int)Math.Min(settings.MemoryChunkBytes, (long)settings.MemoryMb * (1 << 20) / 16);

    /// <summary>The memory the columns' distinct values (and the rows' hashes) may take in all: a quarter of the memory.</summary>
    private long BudgetBytes => (long)settings.MemoryMb * (1 << 20) / 4;

    /// <param name="header">Whether the file's first line names the columns.</param>
    public async Task<TableFacts?> ProfileAsync(string path, long size, bool header, byte delimiter, MemoryReadPlan plan, IReadOnlyList<string> names, IReadOnlyList<MemoryStorage> storages,
        LoadedTable loaded, Action<double> progress, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            var (facts, failsColumn) = await AttemptAsync(path, size, header, delimiter, plan, names, storages, loaded, progress, cancellationToken);
            if (facts is not null || failsColumn is not { } column || retry == MemoryReadPlan.MaxTextColumns)
            {
                return facts;
            }
            // a field DuckDB's load stops on: that column is text, as DuckDB then loads it, and the file is read again
            plan = plan.WithText(column);
            storages = CsvSource.Storages(plan)!;
            GC.Collect();
        }
    }

    /// <summary>The profile from the plan; else null and, when a field of a typed column stops DuckDB's load too, that column.</summary>
    private async Task<(TableFacts? Facts, int? FailsColumn)> AttemptAsync(string path, long size, bool header, byte delimiter, MemoryReadPlan plan, IReadOnlyList<string> names, IReadOnlyList<MemoryStorage> storages,
        LoadedTable loaded, Action<double> progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var reader = new CsvChunkReader(path, ChunkBytes);
        // each chunk is read while the one before is profiled
        Task<(byte[] Data, int Length)?>? next = reader.NextAsync(cancellationToken);
        try
        {
            if (await next is not ({ } data, var length))
            {
                return (null, null);
            }
            next = reader.NextAsync(cancellationToken);
            var table = Read(data, FirstRowStart(data, length, header), length, delimiter, plan, names, storages, out var failsColumn, cancellationToken);
            if (table is null || table.Rows < ColumnTypeInference.SampleRows)
            {
                return (null, failsColumn);
            }
            var count = storages.Count;
            // (the plans' decisions that depend on the rows, from the rows the file likely holds; checked at the end)
            var estimatedRows = (long)(table.Rows * ((double)size / length));
            var columns = new ChunkedColumn?[count];
            if (!ForEachColumn(count, c => (columns[c] = First(table, c, estimatedRows)) is not null, cancellationToken))
            {
                return (null, null);
            }
            long rows = table.Rows;
            long bytes = length;
            // the rows' hashes count the duplicate rows, unless a column's every value is its own (then none is a duplicate)
            List<long[]>? hashes = columns.Any(c => c!.Unique(rows)) ? null : [RowHashes(table)];
            ProfilerTrace.Write("chunk 1", started);
            for (var number = 2; ; number++)
            {
                progress(0.9 * bytes / size);
                // the chunk before is garbage: collected before the next is read into columns, so that the memory
                // holds one chunk at a time (else the heap grows to its limit with chunks gone by: 750 against 320 MB
                // at 1 GiB, for 1 ms a chunk)
                table = null;
                GC.Collect();
                if (await next is not ({ } chunk, var chunkLength))
                {
                    next = null;
                    break;
                }
                next = reader.NextAsync(cancellationToken);
                table = Read(chunk, 0, chunkLength, delimiter, plan, names, storages, out failsColumn, cancellationToken);
                if (table is null)
                {
                    return (null, failsColumn);
                }
                var read = table;
                if (!ForEachColumn(count, c => columns[c]!.Add(read, read.Columns[c]), cancellationToken))
                {
                    return (null, null);
                }
                rows += table.Rows;
                bytes += chunkLength;
                hashes?.Add(RowHashes(table));
                if (columns.Sum(c => c!.Bytes) + rows * (hashes is null ? 0 : 8) > BudgetBytes)
                {
                    ProfilerTrace.Write("chunks over the memory budget", started);
                    return (null, null);
                }
                ProfilerTrace.Write("chunk " + number.ToString(System.Globalization.CultureInfo.InvariantCulture), started);
            }
            var rowsRead = rows;
            return (await FinishAsync(columns!, rows, hashes, loaded, progress,
                token => HashRowsAsync(path, header, delimiter, plan, names, storages, rowsRead, token), cancellationToken), null);
        }
        catch (InvalidDataException)
        {
            // a chunk that holds no row's end (a row longer than a chunk, a quote left open) or bytes that are not UTF-8
            return (null, null);
        }
        finally
        {
            if (next is not null)
            {
                // (a read under way when the profile stops: done with before the file closes)
                await Task.WhenAny(next);
                _ = next.Exception;
            }
        }
    }

    /// <summary>The statistics of every column over every chunk, and the table's facts; null when a decision made from the rows the file likely held differs from the rows' own.</summary>
    /// <param name="hashes">The rows' hashes, when they were taken with the chunks.</param>
    /// <param name="hashAgain">The rows' hashes taken by reading the file again (null when they do not fit the memory's budget).</param>
    private async Task<TableFacts?> FinishAsync(ChunkedColumn[] columns, long rows, List<long[]>? hashes, LoadedTable loaded, Action<double> progress,
        Func<CancellationToken, Task<List<long[]>?>> hashAgain, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var column in columns)
        {
            var rowsOnly = column.Storage == MemoryStorage.Text
                ? TextRowStatistics.Applies(column.Shape, rows) || TextRowStatistics.AppliesToKey(column.Shape, rows) || PlainTextRowStatistics.Applies(column.Shape)
                : !StoredRowStatistics.NeedsGroups(column.Shape, rows);
            if (rowsOnly != (column.TextRows is not null || column.StoredRows is not null || column.PlainTextRows is not null))
            {
                return null;
            }
        }
        var measuredStatistics = new MeasuredStatistics();
        var unique = new bool[columns.Length];
        var measured = ForEachColumn(columns.Length, c =>
        {
            var column = columns[c];
            var own = new Dictionary<string, object?>(StringComparer.Ordinal);
            var ownMore = new Dictionary<string, object?>(StringComparer.Ordinal);
            Dictionary<string, object?> sample;
            if (column.TextRows is { } textRows)
            {
                unique[c] = textRows.Write(own, ownMore, rows);
                sample = textRows.Sample!;
            }
            else if (column.StoredRows is { } storedRows)
            {
                unique[c] = storedRows.Write(own, ownMore) == rows && storedRows.Present == rows;
                sample = storedRows.Sample!;
            }
            else if (column.PlainTextRows is { } plainTextRows)
            {
                unique[c] = plainTextRows.Write(own, ownMore, rows);
                sample = [];
            }
            else
            {
                // the distinct values of every chunk with their rows, as one column's groups
                var whole = column.Keys is { } keys ? new MemoryColumn(MemoryStorage.Text, keys) : new MemoryColumn(column.Storage, null) { Counted = column.Counter };
                if (ColumnGrouping.Group(null, whole, column.Shape.Plan) is not { } grouped)
                {
                    return false;
                }
                unique[c] = grouped.Count == rows && grouped.Rows.All(n => n == 1);
                sample = column.Sample!;
                new GroupStatistics(settings.GroupedTextFromRows).Measure(whole, column.Shape, grouped, sample, rows, own, ownMore);
            }
            measuredStatistics.Add(sample, own, ownMore);
            return true;
        }, cancellationToken);
        ProfilerTrace.Write("chunks' statistics", started);
        if (!measured)
        {
            return null;
        }
        progress(0.95);
        long duplicates = 0;
        if (!unique.Any(u => u))
        {
            // (a column unique in the first chunk but not in the file: the rows were not hashed with the chunks)
            hashes ??= await hashAgain(cancellationToken);
            if (hashes is null)
            {
                return null;
            }
            duplicates = DuplicateRows(hashes);
        }
        var facts = columns.Select(c => DuckDbProfiler.Facts(c.Shape, measuredStatistics.Quantiles, measuredStatistics.Stats, measuredStatistics.More, rows)).ToList();
        var profile = new TableProfile(loaded.Name, loaded.Sheet, rows, columns.Length, loaded.SizeBytes, duplicates, loaded.Read, [.. facts.Select(f => f.Profile)]);
        return new TableFacts(profile, facts);
    }

    /// <summary>
    /// A column's plan from the first chunk's first rows (as <see cref="MemoryCsvProfiler"/> plans it), its first rows'
    /// statistics, and the first chunk added to what the chunks add to; null when a parse is unsure.
    /// </summary>
    private static ChunkedColumn? First(MemoryCsvTable table, int c, long estimatedRows)
    {
        var column = table.Columns[c];
        var sampleRows = Math.Min(table.Rows, ColumnTypeInference.SampleRows);
        ColumnPlan? plan = null;
        if (column.Storage == MemoryStorage.Text)
        {
            var probe = table.Probe(column);
            plan = DistinctEstimate.DistinctShare(probe.Values, probe.Distinct, sampleRows) > MemoryCsvProfiler.MostlyDistinct ? MemoryColumnPlanner.PlanFromRows(table, c, table.Types[c]) : null;
            if (plan is null)
            {
                table.GroupText(column, 0, sampleRows);
            }
        }
        var shape = DuckDbProfiler.Shape(plan ?? MemoryColumnPlanner.Plan(table, c, table.Types[c]), estimatedRows);
        if (column.Storage == MemoryStorage.Text && (TextRowStatistics.Applies(shape, estimatedRows) || TextRowStatistics.AppliesToKey(shape, estimatedRows)))
        {
            var textRows = new TextRowStatistics(shape, exact: shape.ExactDistinct);
            return textRows.Add(table, column) ? new ChunkedColumn(shape, column.Storage) { TextRows = textRows } : null;
        }
        if (PlainTextRowStatistics.Applies(shape))
        {
            var plainTextRows = new PlainTextRowStatistics(shape);
            plainTextRows.Add(table, column);
            return new ChunkedColumn(shape, column.Storage) { PlainTextRows = plainTextRows };
        }
        if (column.Storage != MemoryStorage.Text && !StoredRowStatistics.NeedsGroups(shape, estimatedRows))
        {
            column.Counted = null;
            var storedRows = new StoredRowStatistics(shape, column.Storage, bounded: true);
            return storedRows.Add(table, column) ? new ChunkedColumn(shape, column.Storage) { StoredRows = storedRows } : null;
        }
        if (column.Storage == MemoryStorage.Text)
        {
            table.GroupText(column, column.GroupedRows, table.Rows);
            var grouped = ColumnGrouping.Group(table, column, shape.Plan);
            if (grouped is null)
            {
                return null;
            }
            var sample = MemorySample.Statistics(table, column, shape, grouped);
            // (the chunk is garbage once it is profiled)
            column.Keys!.Rebind([], []);
            return new ChunkedColumn(shape, column.Storage) { Keys = column.Keys, Sample = sample };
        }
        // (the type inference counted the first rows' values already: the rest of the chunk is added to them)
        var counter = column.Counted ?? column.NewCounter(table.EstimateDistinct(column, column.Count));
        column.AddTo(counter, column.Counted is null ? 0 : column.CountedRows, column.Count);
        column.Counted = null;
        return new ChunkedColumn(shape, column.Storage) { Counter = counter, Sample = MemorySample.Statistics(table, column, shape, null) };
    }

    private MemoryCsvTable? Read(byte[] data, int start, int length, byte delimiter, MemoryReadPlan plan, IReadOnlyList<string> names, IReadOnlyList<MemoryStorage> storages, out int? failsColumn, CancellationToken cancellationToken)
    {
        var table = MemoryCsvTable.Read(data, start, length, delimiter, plan, names, storages, (long)settings.MemoryMb * (1 << 20) / 3, out var failure, out failsColumn, cancellationToken);
        if (failure is not null)
        {
            ProfilerTrace.Write("chunk read failed (" + failure + ")", Stopwatch.GetTimestamp());
        }
        return table;
    }

    /// <summary>Runs the work of each column, two columns at a time; false as soon as one's is.</summary>
    private static bool ForEachColumn(int count, Func<int, bool> work, CancellationToken cancellationToken)
    {
        var next = -1;
        var failed = 0;
        void Work()
        {
            int c;
            while ((c = Interlocked.Increment(ref next)) < count && Volatile.Read(ref failed) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!work(c))
                {
                    Interlocked.Exchange(ref failed, 1);
                }
            }
        }
        BothCores.Run(Work);
        return failed == 0;
    }

    /// <summary>Where the first chunk's rows start: after a byte order mark and the header.</summary>
    private static int FirstRowStart(byte[] data, int length, bool header)
    {
        var start = data.AsSpan(0, length).StartsWith("\uFEFF"u8) ? 3 : 0;
        return header ? CsvSource.LineEnd(data, start, length) : start;
    }

    /// <summary>
    /// Every row's hash, from the file read again in chunks with the plan that read it (for the duplicate rows of a
    /// file whose first chunk had a unique column that the file has not); null when they would not fit the budget.
    /// </summary>
    private async Task<List<long[]>?> HashRowsAsync(string path, bool header, byte delimiter, MemoryReadPlan plan, IReadOnlyList<string> names, IReadOnlyList<MemoryStorage> storages, long rows, CancellationToken cancellationToken)
    {
        if (rows * 8 > BudgetBytes)
        {
            return null;
        }
        var started = Stopwatch.GetTimestamp();
        using var reader = new CsvChunkReader(path, ChunkBytes);
        var hashes = new List<long[]>();
        var first = true;
        while (await reader.NextAsync(cancellationToken) is ({ } data, var length))
        {
            var table = Read(data, first ? FirstRowStart(data, length, header) : 0, length, delimiter, plan, names, storages, out _, cancellationToken);
            if (table is null)
            {
                return null;
            }
            first = false;
            hashes.Add(RowHashes(table));
            GC.Collect();
        }
        ProfilerTrace.Write("rows hashed again", started);
        return hashes;
    }

    /// <summary>Each row's hash over its values (text by its bytes, whatever chunk it is in).</summary>
    private static long[] RowHashes(MemoryCsvTable table)
    {
        var hashes = GC.AllocateUninitializedArray<long>(table.Rows);
        for (var r = 0; r < table.Rows; r++)
        {
            hashes[r] = MemoryCsvProfiler.RowHash(table, r, textBytes: true);
        }
        return hashes;
    }

    /// <summary>Rows equal to an earlier row: the rows less their distinct hashes (as DuckDB's <c>count(*) - count(DISTINCT hash(…))</c>).</summary>
    private static long DuplicateRows(List<long[]> hashes)
    {
        var rows = hashes.Sum(h => (long)h.Length);
        return rows - SortedHashes.CountDistinct(hashes);
    }
}
