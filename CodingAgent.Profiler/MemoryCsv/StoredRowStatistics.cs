using System.Globalization;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// A stored column of many values profiled from its rows, its distinct values in a bitmap or a set: each piece of the
/// table (<see cref="Add"/>; the whole table, or the file's chunks in order) adds to counts, extremes, moments, bins
/// and the distinct values that <see cref="Write"/> turns into the statistics.
/// </summary>
/// <param name="bounded">Whether the distinct values may take only so much memory (<see cref="MaxPages"/>, <see
/// cref="MaxSetValues"/>; more: <see cref="Add"/> gives up), as across the chunks of a file larger than the memory.</param>
internal sealed class StoredRowStatistics(ColumnShape shape, MemoryStorage storage, bool bounded)
{
    /// <summary>Pages of the bitmap of distinct integers (8 KB each, 64 MB in all) a bounded count may use.</summary>
    internal const int MaxPages = 8192;

    /// <summary>Values the set of distinct values of a bounded count may hold (about 128 MB).</summary>
    internal const int MaxSetValues = 4 << 20;

    private const int PageBits = 16;
    private readonly long[] _bins = new long[ProfileLimits.HistogramBins];
    private readonly Dictionary<long, ulong[]> _pages = [];
    private LongCounter? _set;
    private bool? _dense;
    private long _outliers;
    private long _low = long.MaxValue, _high = long.MinValue;
    private double _lowValue = double.PositiveInfinity, _highValue = double.NegativeInfinity, _sum;
    private readonly SquaredDeviations _squares = new();
    private (double Lower, double Upper)? _fences;
    private (double Low, double High)? _range;

    /// <summary>The first rows' statistics (<see cref="MemorySample"/>), from the first piece added.</summary>
    public Dictionary<string, object?>? Sample { get; private set; }

    /// <summary>Rows that hold a value, so far.</summary>
    public long Present { get; private set; }

    /// <summary>Distinct values, so far.</summary>
    public long Distinct => _set?.Count ?? _pages.Values.Sum(page => page.Sum(word => (long)System.Numerics.BitOperations.PopCount(word)));

    /// <summary>The memory its distinct values take, about.</summary>
    public long Bytes => (_set?.Count ?? 0) * 48L + _pages.Count * (8L << (PageBits - 6));

    /// <summary>
    /// Whether a stored column needs its values' counts: it is profiled from its groups (few values, or values that
    /// repeat in a long table), or its first rows' most frequent values are counted.
    /// </summary>
    internal static bool NeedsGroups(ColumnShape shape, long rows) =>
        shape.Categories || DuckDbProfiler.Grouped(shape, rows)
        || (shape.Plan.SampleDistinct <= 0.5 * shape.Plan.SampleValues && shape.Plan.TopCandidates is { Count: > 0 });

    /// <summary>
    /// A stored column's statistics from its rows (the wide pass's), the distinct values counted exactly in a bitmap
    /// of their range (integers and dates in a dense range) or a set; true when every row holds a value of its own.
    /// </summary>
    internal static bool Measure(MemoryColumn column, ColumnShape shape, MemoryCsvTable table, long rows, Dictionary<string, object?> stats, Dictionary<string, object?> more, out Dictionary<string, object?> sample)
    {
        var measured = new StoredRowStatistics(shape, column.Storage, bounded: false);
        measured.Add(table, column);
        sample = measured.Sample!;
        var distinct = measured.Write(stats, more);
        return distinct == rows && measured.Present == rows;
    }

    /// <summary>Adds a piece of the table (the first rows' statistics from the first piece); false when a bounded count's distinct values outgrow its memory.</summary>
    public bool Add(MemoryCsvTable table, MemoryColumn column)
    {
        var plan = shape.Plan;
        var n = column.Count;
        if (Sample is null)
        {
            Sample = MemorySample.Statistics(table, column, shape, null);
            _fences = DuckDbProfiler.Fences(shape, Sample);
            _range = plan.ValueSql is not null && storage != MemoryStorage.Boolean && shape.Type != ColumnTypes.Identifier ? DuckDbProfiler.SampleRange(plan, Sample) : null;
        }
        long present = 0;
        long low = long.MaxValue, high = long.MinValue;
        double sum = 0;
        for (var r = 0; r < n; r++)
        {
            if (column.IsNull(r))
            {
                continue;
            }
            present++;
            if (storage == MemoryStorage.Double)
            {
                var v = column.Doubles![r];
                _lowValue = Math.Min(_lowValue, v);
                _highValue = Math.Max(_highValue, v);
                sum += v;
            }
            else
            {
                var bits = StoredValues.Bits(column, r);
                low = Math.Min(low, bits);
                high = Math.Max(high, bits);
                sum += storage == MemoryStorage.Date ? DuckDbTextParsers.DateEpochSeconds((int)bits) : bits;
            }
        }
        _low = Math.Min(_low, low);
        _high = Math.Max(_high, high);
        double Scale(int r) => storage switch
        {
            MemoryStorage.Bigint => column.Longs![r],
            MemoryStorage.Double => column.Doubles![r],
            _ => DuckDbTextParsers.DateEpochSeconds(column.Ints![r]),
        };
        var measured = plan.ValueSql is not null && storage != MemoryStorage.Boolean;
        if (measured && plan.Kind == ValueKind.Number && present > 0)
        {
            var mean = sum / present;
            var squares = 0.0;
            long outliers = 0;
            for (var r = 0; r < n; r++)
            {
                if (!column.IsNull(r))
                {
                    var v = Scale(r);
                    squares += (v - mean) * (v - mean);
                    if (_fences is var (lower, upper) && (v < lower || v > upper))
                    {
                        outliers++;
                    }
                }
            }
            _squares.Add(present, mean, squares);
            _outliers += outliers;
        }
        Present += present;
        _sum += sum;
        if (measured && _range is { } range)
        {
            for (var r = 0; r < n; r++)
            {
                if (!column.IsNull(r))
                {
                    _bins[DuckDbProfiler.Bin(Scale(r), range)]++;
                }
            }
        }
        // the distinct values: a bitmap of a dense integer (or day) range, else a set of the values' bits
        _dense ??= storage != MemoryStorage.Double && present > 0 && (double)high - low + 1 <= Math.Max(1 << 20, 4.0 * n) && (double)high - low + 1 <= 1 << 27;
        return present == 0 || (_dense.Value && AddToBitmap(column, low, high)) || AddToSet(column, table);
    }

    /// <summary>
    /// Adds a piece's values to the bitmap's pages; false when they lie too far apart for a bitmap of their range, or
    /// a bounded bitmap would take more pages than it may: then the values so far are moved into a set, which the
    /// piece is added to (again: a value seen twice counts once).
    /// </summary>
    private bool AddToBitmap(MemoryColumn column, long low, long high)
    {
        var n = column.Count;
        if ((double)high - low + 1 <= Math.Max(1 << 20, 4.0 * n) && (double)high - low + 1 <= 1 << 27)
        {
            // the piece's own bitmap of its range, its words then or-ed into the pages (aligned to a page)
            var start = low >> PageBits << PageBits;
            var bitmap = PagedIn.Zeroed<ulong>((int)(((high - start) >> 6) + 1));
            for (var r = 0; r < n; r++)
            {
                if (!column.IsNull(r))
                {
                    var at = StoredValues.Bits(column, r) - start;
                    bitmap[at >> 6] |= 1UL << (int)(at & 63);
                }
            }
            const int words = 1 << (PageBits - 6);
            for (var w = 0; w < bitmap.Length; w += words)
            {
                var piece = bitmap.AsSpan(w, Math.Min(words, bitmap.Length - w));
                if (!piece.ContainsAnyExcept(0UL))
                {
                    continue;
                }
                var page = Page((start >> PageBits) + (w >> (PageBits - 6)));
                if (page is null)
                {
                    ToSet();
                    return false;
                }
                for (var k = 0; k < piece.Length; k++)
                {
                    page[k] |= piece[k];
                }
            }
            return true;
        }
        ToSet();
        return false;
    }

    /// <summary>Moves the values of the bitmap's pages into the set, which counts the distinct values from now on.</summary>
    private void ToSet()
    {
        _dense = false;
        _set = new LongCounter((int)Math.Min(Distinct * 2, MaxSetValues));
        foreach (var (number, page) in _pages)
        {
            for (var w = 0; w < page.Length; w++)
            {
                for (var word = page[w]; word != 0; word &= word - 1)
                {
                    _set.Add((number << PageBits) + (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word));
                }
            }
        }
        _pages.Clear();
    }

    /// <summary>The bitmap's page of that number (made when there is none); null when a bounded bitmap has all the pages it may.</summary>
    private ulong[]? Page(long number)
    {
        if (!_pages.TryGetValue(number, out var page))
        {
            if (bounded && _pages.Count >= MaxPages)
            {
                return null;
            }
            _pages[number] = page = new ulong[1 << (PageBits - 6)];
        }
        return page;
    }

    private bool AddToSet(MemoryColumn column, MemoryCsvTable table)
    {
        _set ??= new LongCounter(table.EstimateDistinct(column, column.Count));
        var n = column.Count;
        for (var r = 0; r < n; r++)
        {
            if (!column.IsNull(r))
            {
                _set.Add(StoredValues.Bits(column, r));
            }
        }
        return !bounded || _set.Count <= MaxSetValues;
    }

    /// <summary>The statistics of every piece added, under the keys <see cref="DuckDbProfiler"/>'s passes give them; returns the distinct count.</summary>
    public long Write(Dictionary<string, object?> stats, Dictionary<string, object?> more)
    {
        var plan = shape.Plan;
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var present = Present;
        stats[$"{i}.present"] = present;
        object? Value(bool lowest) => present == 0 ? null : storage == MemoryStorage.Double ? (lowest ? _lowValue : _highValue) : StoredValues.Value(storage, lowest ? _low : _high);
        stats[$"{i}.min"] = Value(true);
        stats[$"{i}.max"] = Value(false);
        var measured = plan.ValueSql is not null && storage != MemoryStorage.Boolean;
        if (measured && plan.Kind == ValueKind.Number)
        {
            stats[$"{i}.mean"] = present == 0 ? null : _sum / present;
            stats[$"{i}.std"] = present > 1 ? Math.Sqrt(_squares.Sum / (present - 1)) : null;
            if (_fences is not null)
            {
                stats[$"{i}.outliers"] = _outliers;
            }
        }
        else if (measured)
        {
            stats[$"{i}.epochmin"] = present == 0 ? null : DuckDbTextParsers.DateEpochSeconds((int)_low);
            stats[$"{i}.epochmax"] = present == 0 ? null : DuckDbTextParsers.DateEpochSeconds((int)_high);
        }
        if (measured && _range is not null)
        {
            stats[$"{i}.histogram"] = Enumerable.Range(0, _bins.Length).Where(b => _bins[b] > 0).ToDictionary(b => b, b => _bins[b]);
        }
        var distinct = Distinct;
        stats[$"{i}.distinct"] = distinct;
        if (shape.ExactDistinct && !shape.Categories)
        {
            more[$"{i}.exactdistinct"] = distinct;
        }
        return distinct;
    }
}
