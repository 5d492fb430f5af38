using System.Globalization;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>The first rows' statistics of a column in memory, as <see cref="DuckDbProfiler"/>'s sample query gives them.</summary>
internal static class MemorySample
{
    /// <summary>The first rows' quartiles (5th and 95th percentiles too) and range, as <see cref="DuckDbProfiler"/>'s sample query gives them.</summary>
    /// <param name="rowValues">For text parsed row by row: each row's value (NaN: none).</param>
    internal static Dictionary<string, object?> Statistics(MemoryCsvTable table, MemoryColumn column, ColumnShape shape, ColumnGroups? groups, double[]? rowValues = null)
    {
        var sample = new Dictionary<string, object?>(StringComparer.Ordinal);
        var plan = shape.Plan;
        if (plan.ValueSql is null || shape.Type == ColumnTypes.Identifier)
        {
            return sample;
        }
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var sampleRows = Math.Min(table.Rows, ColumnTypeInference.SampleRows);
        var values = PagedIn.Uninitialized<double>(sampleRows);
        var count = 0;
        long? minBits = null;
        long? maxBits = null;
        var ids = column.Storage == MemoryStorage.Text ? column.Ints : null;
        for (var r = 0; r < sampleRows; r++)
        {
            double value;
            if (rowValues is not null)
            {
                if (double.IsNaN(rowValues[r]))
                {
                    continue;
                }
                value = rowValues[r];
            }
            else if (ids is not null)
            {
                if (ids[r] < 0 || double.IsNaN(groups!.Scale[ids[r]]))
                {
                    continue;
                }
                value = groups.Scale[ids[r]];
            }
            else
            {
                if (column.IsNull(r))
                {
                    continue;
                }
                var bits = StoredValues.Bits(column, r);
                if (column.Storage == MemoryStorage.Bigint)
                {
                    minBits = minBits is { } low ? Math.Min(low, bits) : bits;
                    maxBits = maxBits is { } high ? Math.Max(high, bits) : bits;
                }
                value = column.Storage switch
                {
                    MemoryStorage.Bigint => bits,
                    MemoryStorage.Double => BitConverter.Int64BitsToDouble(bits),
                    _ => DuckDbTextParsers.DateEpochSeconds((int)bits),
                };
            }
            values[count++] = value;
        }
        if (plan.Kind == ValueKind.Number)
        {
            sample[$"{i}.quantiles"] = count == 0 ? null
                : minBits is { } low && maxBits is { } high && (double)high - low < 2.0 * count + 1024
                    ? QuantileSelection.QuantileCont(Counts(column, sampleRows, low, high), low, count, DuckDbProfiler.QuantileLevels)
                    : FewValues(column, groups, sampleRows) is var (ascending, rows)
                        ? QuantileSelection.QuantileCont(ascending, rows, count, DuckDbProfiler.QuantileLevels)
                        : QuantileSelection.QuantileCont(values.AsSpan(0, count), DuckDbProfiler.QuantileLevels);
        }
        object? Extreme(bool lowest)
        {
            if (count == 0)
            {
                return null;
            }
            if (column.Storage == MemoryStorage.Bigint)
            {
                return lowest ? minBits : maxBits;
            }
            // (as Enumerable.Min and Max compare: the first of equal values stays)
            var extreme = values[0];
            foreach (var value in values.AsSpan(1, count - 1))
            {
                if (lowest ? value < extreme : value > extreme)
                {
                    extreme = value;
                }
            }
            return extreme;
        }
        sample[$"{i}.samplemin"] = Extreme(true);
        sample[$"{i}.samplemax"] = Extreme(false);
        return sample;
    }

    /// <summary>
    /// The first rows' numbers as their distinct values in ascending order with the rows of each, where they are few
    /// (an eighth of the rows at most: sorting them costs less than selecting among the rows): of text from its groups,
    /// of stored doubles from the first rows' count (<see cref="MemoryColumn.SampleCounts"/>); null otherwise.
    /// </summary>
    private static (double[] Ascending, long[] Rows)? FewValues(MemoryColumn column, ColumnGroups? groups, int sampleRows)
    {
        List<(double Value, long Rows)> counted = [];
        if (column.Storage == MemoryStorage.Text && groups is not null && column.Ints is { } ids && groups.Count <= sampleRows / 8)
        {
            var rowsOf = new long[groups.Count];
            foreach (var id in ids.AsSpan(0, sampleRows))
            {
                if (id >= 0)
                {
                    rowsOf[id]++;
                }
            }
            for (var g = 0; g < groups.Count; g++)
            {
                if (rowsOf[g] > 0 && !double.IsNaN(groups.Scale[g]))
                {
                    counted.Add((groups.Scale[g], rowsOf[g]));
                }
            }
        }
        else if (column.Storage == MemoryStorage.Double && column.SampleCounts is { } sampleCounts)
        {
            counted.AddRange(sampleCounts.Select(e => (BitConverter.Int64BitsToDouble(e.Bits), e.Rows)));
        }
        else
        {
            return null;
        }
        counted.Sort((a, b) => a.Value.CompareTo(b.Value));
        return ([.. counted.Select(e => e.Value)], [.. counted.Select(e => e.Rows)]);
    }

    /// <summary>The rows of each integer from <paramref name="low"/> to <paramref name="high"/> among the first rows (integers in a narrow range).</summary>
    private static int[] Counts(MemoryColumn column, int sampleRows, long low, long high)
    {
        var counts = PagedIn.Zeroed<int>((int)(high - low + 1));
        foreach (var value in column.Longs.AsSpan(0, sampleRows))
        {
            if (value != MemoryColumn.NullLong)
            {
                counts[(int)(value - low)]++;
            }
        }
        return counts;
    }
}
