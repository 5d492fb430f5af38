using System.Globalization;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>A stored column of many values profiled from its rows, its distinct values in a bitmap or a set.</summary>
internal static class StoredRowStatistics
{
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
    internal static bool Measure(MemoryColumn column, ColumnShape shape, Dictionary<string, object?> sample, long rows, Dictionary<string, object?> stats, Dictionary<string, object?> more, int expectedDistinct)
    {
        var plan = shape.Plan;
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var n = column.Count;
        long present = 0;
        long low = long.MaxValue, high = long.MinValue;
        double lowValue = double.PositiveInfinity, highValue = double.NegativeInfinity, sum = 0;
        for (var r = 0; r < n; r++)
        {
            if (column.IsNull(r))
            {
                continue;
            }
            present++;
            if (column.Storage == MemoryStorage.Double)
            {
                var v = column.Doubles![r];
                lowValue = Math.Min(lowValue, v);
                highValue = Math.Max(highValue, v);
                sum += v;
            }
            else
            {
                var bits = StoredValues.Bits(column, r);
                low = Math.Min(low, bits);
                high = Math.Max(high, bits);
                sum += column.Storage == MemoryStorage.Date ? DuckDbTextParsers.DateEpochSeconds((int)bits) : bits;
            }
        }
        stats[$"{i}.present"] = present;
        object? Value(bool lowest) => present == 0 ? null : column.Storage == MemoryStorage.Double ? (lowest ? lowValue : highValue) : StoredValues.Value(column.Storage, lowest ? low : high);
        stats[$"{i}.min"] = Value(true);
        stats[$"{i}.max"] = Value(false);
        double Scale(int r) => column.Storage switch
        {
            MemoryStorage.Bigint => column.Longs![r],
            MemoryStorage.Double => column.Doubles![r],
            _ => DuckDbTextParsers.DateEpochSeconds(column.Ints![r]),
        };
        var measured = plan.ValueSql is not null && column.Storage != MemoryStorage.Boolean;
        if (measured && plan.Kind == ValueKind.Number)
        {
            var mean = present == 0 ? (double?)null : sum / present;
            stats[$"{i}.mean"] = mean;
            double? std = null;
            if (present > 1 && mean is { } m)
            {
                var squares = 0.0;
                for (var r = 0; r < n; r++)
                {
                    if (!column.IsNull(r))
                    {
                        var d = Scale(r) - m;
                        squares += d * d;
                    }
                }
                std = Math.Sqrt(squares / (present - 1));
            }
            stats[$"{i}.std"] = std;
            if (DuckDbProfiler.Fences(shape, sample) is var (lower, upper))
            {
                long outliers = 0;
                for (var r = 0; r < n; r++)
                {
                    if (!column.IsNull(r) && Scale(r) is var v && (v < lower || v > upper))
                    {
                        outliers++;
                    }
                }
                stats[$"{i}.outliers"] = outliers;
            }
        }
        else if (measured)
        {
            stats[$"{i}.epochmin"] = present == 0 ? null : DuckDbTextParsers.DateEpochSeconds((int)low);
            stats[$"{i}.epochmax"] = present == 0 ? null : DuckDbTextParsers.DateEpochSeconds((int)high);
        }
        if (measured && shape.Type != ColumnTypes.Identifier && DuckDbProfiler.SampleRange(plan, sample) is { } range)
        {
            var bins = new long[ProfileLimits.HistogramBins];
            for (var r = 0; r < n; r++)
            {
                if (!column.IsNull(r))
                {
                    bins[DuckDbProfiler.Bin(Scale(r), range)]++;
                }
            }
            stats[$"{i}.histogram"] = Enumerable.Range(0, bins.Length).Where(b => bins[b] > 0).ToDictionary(b => b, b => bins[b]);
        }

        // the distinct values: a bitmap of a dense integer (or day) range, else a set of the values' bits
        long distinct;
        if (column.Storage != MemoryStorage.Double && present > 0 && (double)high - low + 1 <= Math.Max(1 << 20, 4.0 * n) && (double)high - low + 1 <= 1 << 27)
        {
            var bitmap = PagedIn.Zeroed<ulong>((int)(((high - low) >> 6) + 1));
            for (var r = 0; r < n; r++)
            {
                if (!column.IsNull(r))
                {
                    var at = StoredValues.Bits(column, r) - low;
                    bitmap[at >> 6] |= 1UL << (int)(at & 63);
                }
            }
            distinct = 0;
            foreach (var word in bitmap)
            {
                distinct += System.Numerics.BitOperations.PopCount(word);
            }
        }
        else
        {
            var seen = new LongCounter(expectedDistinct);
            for (var r = 0; r < n; r++)
            {
                if (!column.IsNull(r))
                {
                    seen.Add(StoredValues.Bits(column, r));
                }
            }
            distinct = seen.Count;
        }
        stats[$"{i}.distinct"] = distinct;
        if (shape.ExactDistinct && !shape.Categories)
        {
            more[$"{i}.exactdistinct"] = distinct;
        }
        return distinct == rows && present == rows;
    }
}
