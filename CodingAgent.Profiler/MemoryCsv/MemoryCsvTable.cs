using System.Diagnostics;

namespace CodingAgent.Profiler;

/// <summary>
/// A CSV file read into memory as DuckDB's <c>read_csv</c> would load it with the sniffed dialect and column types, in
/// two halves at once (split at a line's start outside quotes); null when the reader cannot be sure it reads the file
/// as DuckDB would (a field it does not parse, a ragged row, a quote it does not expect): then DuckDB loads it.
/// </summary>
internal sealed class MemoryCsvTable
{
    /// <summary>Files smaller than this are read in one piece (two threads gain less than they cost).</summary>
    private const int SplitFromBytes = 1 << 20;

    private MemoryCsvTable(byte[] data, byte[] arena, IReadOnlyList<string> names, IReadOnlyList<string> types, MemoryColumn[] columns, int rows)
    {
        Data = data;
        Arena = arena;
        Names = names;
        Types = types;
        Columns = columns;
        Rows = rows;
    }

    public byte[] Data { get; }

    /// <summary>The text of fields with quotes inside quotes (where <see cref="MemoryColumn.Spans"/> point with a negative location).</summary>
    public byte[] Arena { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Each column's DuckDB type (as the sniffer named it).</summary>
    public IReadOnlyList<string> Types { get; }

    public MemoryColumn[] Columns { get; }

    public int Rows { get; }

    /// <param name="data">The whole file, UTF-8.</param>
    /// <param name="start">Where the first data row starts (after a byte order mark and the header).</param>
    /// <param name="plan">The sniffed column types and quoting.</param>
    /// <param name="budgetBytes">The memory the columns may take (a file of more fields than fit is not read).</param>
    /// <param name="failure">Why the file was not read (null when it was).</param>
    public static MemoryCsvTable? Read(byte[] data, int start, byte delimiter, MemoryReadPlan plan, IReadOnlyList<string> names, IReadOnlyList<MemoryStorage> storages, long budgetBytes, out string? failure, CancellationToken cancellationToken) =>
        Read(data, start, data.Length, delimiter, plan, names, storages, budgetBytes, out failure, out _, cancellationToken);

    /// <summary>The rows of <paramref name="data"/> from <paramref name="start"/> up to <paramref name="end"/> (a chunk of a file, ended after a row).</summary>
    /// <param name="failsColumn">When the read failed on a field that DuckDB's load stops on with a conversion error: its column (<see cref="CsvChunk.FailsColumn"/>).</param>
    public static MemoryCsvTable? Read(byte[] data, int start, int end, byte delimiter, MemoryReadPlan plan, IReadOnlyList<string> names, IReadOnlyList<MemoryStorage> storages, long budgetBytes, out string? failure, out int? failsColumn, CancellationToken cancellationToken)
    {
        failsColumn = null;
        var started = Stopwatch.GetTimestamp();
        var split = end - start >= SplitFromBytes ? RowStart(data, start + (end - start) / 2, end) : -1;
        if (split <= start || split >= end)
        {
            split = end;
        }
        // each half's lines bound its rows (a quoted field may hold newlines): the columns are made once, the second
        // half's rows written after the first half's lines
        var firstLines = data.AsSpan(start, split - start).Count((byte)'\n') + 1;
        var secondLines = data.AsSpan(split, end - split).Count((byte)'\n') + 1;
        // 8 bytes a field at most (and 4 more a text field once grouped), beside the file's own bytes
        if (((long)firstLines + secondLines) * storages.Count * 12 > budgetBytes)
        {
            failure = "more fields than the memory allowed holds";
            return null;
        }
        var columns = storages.Select(s => MemoryColumn.Create(s, firstLines + secondLines)).ToArray();
        CsvChunk first;
        CsvChunk? second = null;
        if (split < end)
        {
            (first, second) = BothCores.Run(
                () => CsvChunk.Read(data, start, split, delimiter, plan, columns, 0, firstLines, cancellationToken),
                () => CsvChunk.Read(data, split, end, delimiter, plan, columns, firstLines, secondLines, cancellationToken));
        }
        else
        {
            first = CsvChunk.Read(data, start, split, delimiter, plan, columns, 0, firstLines, cancellationToken);
        }
        ProfilerTrace.Write("memory read", started);
        failure = first.Failure ?? second?.Failure;
        if (failure is not null)
        {
            failsColumn = first.Failure is not null ? first.FailsColumn : second!.FailsColumn;
            return null;
        }
        started = Stopwatch.GetTimestamp();
        var rows = first.Rows + (second?.Rows ?? 0);
        // one arena: the second half's after the first's
        var arena = first.Arena;
        var shift = first.ArenaLength;
        if (second is { ArenaLength: > 0 })
        {
            arena = new byte[first.ArenaLength + second.ArenaLength];
            first.Arena.AsSpan(0, first.ArenaLength).CopyTo(arena);
            second.Arena.AsSpan(0, second.ArenaLength).CopyTo(arena.AsSpan(shift));
        }
        foreach (var column in columns)
        {
            if (second is not null)
            {
                if (column.Storage == MemoryStorage.Text && second.ArenaLength > 0)
                {
                    foreach (ref var span in column.Spans.AsSpan(firstLines, second.Rows))
                    {
                        var location = (int)(span >> 32);
                        if (span != MemoryColumn.NullSpan && location < 0)
                        {
                            span = MemoryColumn.Span(~(~location + shift), (int)span);
                        }
                    }
                }
                if (first.Rows < firstLines)
                {
                    column.MoveRows(firstLines, first.Rows, second.Rows);
                }
            }
            column.Count = rows;
        }
        ProfilerTrace.Write("memory join", started);
        return new MemoryCsvTable(data, arena, names, plan.Types, columns, rows);
    }

    /// <summary>The distinct values among the first rows of a column (<see cref="DistinctEstimate.ProbeRows"/>; the order of the work: the likely longest first).</summary>
    public int ProbeDistinct(MemoryColumn column) => Probe(column).Distinct;

    /// <summary>The distinct values <paramref name="rows"/> of the column likely hold (<see cref="DistinctEstimate"/>), for sizing its hash tables.</summary>
    public int EstimateDistinct(MemoryColumn column, int rows)
    {
        var (probed, distinct) = Probe(column);
        return DistinctEstimate.Of(probed, distinct, rows);
    }

    /// <summary>The values probed among the column's first rows and how many of them are distinct (once per column).</summary>
    public (int Values, int Distinct) Probe(MemoryColumn column)
    {
        if (column.Probe is { } known)
        {
            return known;
        }
        var probe = Math.Min(Rows, DistinctEstimate.ProbeRows);
        var values = 0;
        int distinct;
        if (column.Storage == MemoryStorage.Text)
        {
            var keys = new ByteKeyTable(Data, Arena, probe);
            var spans = column.Spans!;
            for (var r = 0; r < probe; r++)
            {
                if (spans[r] != MemoryColumn.NullSpan)
                {
                    keys.Add((int)(spans[r] >> 32), (int)spans[r]);
                    values++;
                }
            }
            distinct = keys.Count;
        }
        else
        {
            var seen = new LongCounter(probe);
            for (var r = 0; r < probe; r++)
            {
                if (!column.IsNull(r))
                {
                    seen.Add(StoredValues.Bits(column, r));
                    values++;
                }
            }
            distinct = seen.Count;
        }
        column.Probe = (values, distinct);
        return (values, distinct);
    }

    /// <summary>
    /// A text column's rows from <paramref name="from"/> up to <paramref name="to"/> as ids of its distinct values
    /// (<see cref="MemoryColumn.Ints"/>, <see cref="MemoryColumn.Keys"/>; a later call goes on where one stopped).
    /// </summary>
    public void GroupText(MemoryColumn column, int from, int to)
    {
        var keys = column.Keys ??= new ByteKeyTable(Data, Arena, EstimateDistinct(column, to));
        var spans = column.Spans!;
        var ids = column.Ints ??= PagedIn.Uninitialized<int>(Rows);
        for (var r = from; r < to; r++)
        {
            var span = spans[r];
            ids[r] = span == MemoryColumn.NullSpan ? -1 : keys.Add((int)(span >> 32), (int)span);
        }
        column.GroupedRows = to;
    }

    /// <summary>A text field's bytes (<see cref="MemoryColumn.Spans"/>; not NULL).</summary>
    public ReadOnlySpan<byte> Text(long span)
    {
        var location = (int)(span >> 32);
        return location >= 0 ? Data.AsSpan(location, (int)span) : Arena.AsSpan(~location, (int)span);
    }

    /// <summary>
    /// The start of the first line at or after <paramref name="from"/> that is outside quotes (quotes before it are
    /// even in number; a doubled quote inside quotes counts twice and so keeps the parity); -1 when there is none.
    /// </summary>
    private static int RowStart(byte[] data, int from, int end)
    {
        var quotes = data.AsSpan(0, from).Count((byte)'"');
        var at = from;
        while (at < end)
        {
            var newline = data.AsSpan(at, end - at).IndexOf((byte)'\n');
            if (newline < 0)
            {
                return -1;
            }
            quotes += data.AsSpan(at, newline).Count((byte)'"');
            at += newline + 1;
            if (quotes % 2 == 0)
            {
                return at;
            }
        }
        return -1;
    }
}
