using System.Globalization;
using System.Text;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>A text column of numbers or times whose values are mostly distinct, profiled row by row (never grouped).</summary>
internal static class TextRowStatistics
{
    /// <summary>
    /// Whether a text column is profiled row by row rather than from its groups: it holds numbers or times, the first
    /// rows show more distinct values than half their values (so no top values are counted), its distinct count need
    /// not be exact (not a likely key), and the table is longer than the first rows.
    /// </summary>
    internal static bool Applies(ColumnShape shape, long rows) =>
        shape.Plan.ValueSql is not null && !shape.Categories && !shape.ExactDistinct
        && shape.Plan.SampleDistinct > 0.5 * shape.Plan.SampleValues && rows > ColumnTypeInference.SampleRows;

    /// <summary>
    /// The statistics of a text column of numbers or times, each row parsed as it stands (what the groups would give,
    /// counted row by row); the first rows' statistics in <paramref name="sample"/>; false when a parse is unsure.
    /// </summary>
    internal static bool Measure(MemoryCsvTable table, MemoryColumn column, ColumnShape shape, Dictionary<string, object?> stats, out Dictionary<string, object?> sample)
    {
        sample = [];
        var plan = shape.Plan;
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var n = column.Count;
        var spans = column.Spans!;
        var values = PagedIn.Uninitialized<double>(n);
        var time = plan.Kind == ValueKind.Time;
        var micros = time ? PagedIn.Uninitialized<long>(n) : null;
        var formatRows = new long[plan.DateFormats.Count];
        long present = 0, markerRows = 0, whitespace = 0, bad = 0, numberText = 0, parsed = 0;
        double sum = 0, low = double.PositiveInfinity, high = double.NegativeInfinity;
        long lowMicros = long.MaxValue, highMicros = long.MinValue;
        long badLow = MemoryColumn.NullSpan, badHigh = MemoryColumn.NullSpan;
        var markerValues = new Dictionary<object, long>();
        Span<byte> buffer = stackalloc byte[256];
        for (var r = 0; r < n; r++)
        {
            values[r] = double.NaN;
            var span = spans[r];
            if (span == MemoryColumn.NullSpan)
            {
                continue;
            }
            present++;
            var text = table.Text(span);
            var marker = NullMarkers.IsMarker(text);
            if (marker)
            {
                markerRows++;
                var spelled = Encoding.UTF8.GetString(text);
                markerValues[spelled] = markerValues.GetValueOrDefault(spelled) + 1;
            }
            else if (text[0] == (byte)' ' || text[^1] == (byte)' ')
            {
                whitespace++;
            }
            if (!TextValues.Parse(text, plan, marker, buffer, out var value, out var at, out var format, out var isNumberText))
            {
                return false;
            }
            if (double.IsNaN(value))
            {
                if (!marker)
                {
                    bad++;
                    if (badLow == MemoryColumn.NullSpan || text.SequenceCompareTo(table.Text(badLow)) < 0)
                    {
                        badLow = span;
                    }
                    if (badHigh == MemoryColumn.NullSpan || text.SequenceCompareTo(table.Text(badHigh)) > 0)
                    {
                        badHigh = span;
                    }
                }
                continue;
            }
            values[r] = value;
            parsed++;
            sum += value;
            numberText += isNumberText ? 1 : 0;
            if (time)
            {
                micros![r] = at;
                lowMicros = Math.Min(lowMicros, at);
                highMicros = Math.Max(highMicros, at);
                if (format >= 0)
                {
                    formatRows[format]++;
                }
            }
            else
            {
                low = Math.Min(low, value);
                high = Math.Max(high, value);
            }
        }
        stats[$"{i}.present"] = present;
        stats[$"{i}.markers"] = markerRows;
        stats[$"{i}.whitespace"] = whitespace;
        stats[$"{i}.bad"] = bad;
        stats[$"{i}.badmin"] = badLow == MemoryColumn.NullSpan ? null : Encoding.UTF8.GetString(table.Text(badLow));
        stats[$"{i}.badmax"] = badHigh == MemoryColumn.NullSpan ? null : Encoding.UTF8.GetString(table.Text(badHigh));
        if (plan.NumericText)
        {
            stats[$"{i}.numbertext"] = numberText;
        }
        if (plan.DateFormats.Count > 1 && time)
        {
            stats[$"{i}.formats"] = Enumerable.Range(0, formatRows.Length).Where(f => formatRows[f] > 0)
                .ToDictionary(f => f.ToString(CultureInfo.InvariantCulture), f => formatRows[f], StringComparer.Ordinal);
        }
        if (markerRows > 0)
        {
            stats[$"{i}.markervalues"] = markerValues;
        }
        sample = MemorySample.Statistics(table, column, shape, null, values);
        if (time)
        {
            stats[$"{i}.min"] = parsed == 0 ? null : DateTime.UnixEpoch.AddTicks(lowMicros * 10);
            stats[$"{i}.max"] = parsed == 0 ? null : DateTime.UnixEpoch.AddTicks(highMicros * 10);
            stats[$"{i}.epochmin"] = parsed == 0 ? null : DuckDbTextParsers.EpochSeconds(lowMicros);
            stats[$"{i}.epochmax"] = parsed == 0 ? null : DuckDbTextParsers.EpochSeconds(highMicros);
        }
        else
        {
            stats[$"{i}.min"] = parsed == 0 ? null : low;
            stats[$"{i}.max"] = parsed == 0 ? null : high;
            var mean = parsed == 0 ? (double?)null : sum / parsed;
            stats[$"{i}.mean"] = mean;
            double? std = null;
            if (parsed > 1 && mean is { } m)
            {
                var squares = 0.0;
                foreach (var v in values)
                {
                    if (!double.IsNaN(v))
                    {
                        squares += (v - m) * (v - m);
                    }
                }
                std = Math.Sqrt(squares / (parsed - 1));
            }
            stats[$"{i}.std"] = std;
            if (DuckDbProfiler.Fences(shape, sample) is var (lower, upper))
            {
                long outliers = 0;
                foreach (var v in values)
                {
                    if (!double.IsNaN(v) && (v < lower || v > upper))
                    {
                        outliers++;
                    }
                }
                stats[$"{i}.outliers"] = outliers;
            }
        }
        if (shape.Type != ColumnTypes.Identifier && DuckDbProfiler.SampleRange(plan, sample) is { } range)
        {
            var bins = new long[ProfileLimits.HistogramBins];
            foreach (var v in values)
            {
                if (!double.IsNaN(v))
                {
                    bins[DuckDbProfiler.Bin(v, range)]++;
                }
            }
            stats[$"{i}.histogram"] = Enumerable.Range(0, bins.Length).Where(b => bins[b] > 0).ToDictionary(b => b, b => bins[b]);
        }
        // approximate, as DuckDB's profile counts such a column
        var seen = new HyperLogLog();
        for (var r = 0; r < n; r++)
        {
            if (!double.IsNaN(values[r]))
            {
                seen.Add(time ? micros![r] : BitConverter.DoubleToInt64Bits(values[r] == 0 ? 0.0 : values[r]));
            }
        }
        stats[$"{i}.distinct"] = Math.Min(seen.Count(), parsed);
        return true;
    }
}
