using System.Globalization;
using System.Text;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// A text column of numbers or times whose values are mostly distinct, profiled row by row (never grouped): each piece
/// of the table (<see cref="Add"/>; the whole table, or the file's chunks in order) adds to counts, extremes, moments,
/// bins and an approximate distinct count that <see cref="Write"/> turns into the statistics.
/// </summary>
/// <param name="exact">Whether the distinct values are counted exactly, by their bits sorted once at the end (8 bytes a
/// row: a likely key's, profiled in chunks), rather than approximated as DuckDB's wide pass approximates them.</param>
internal sealed class TextRowStatistics(ColumnShape shape, bool exact = false)
{
    private readonly List<long[]>? _bits = exact ? [] : null;
    private readonly long[] _formatRows = new long[shape.Plan.DateFormats.Count];
    private readonly Dictionary<object, long> _markerValues = [];
    private readonly HyperLogLog _seen = new();
    private readonly long[] _bins = new long[ProfileLimits.HistogramBins];
    private long _present, _markerRows, _whitespace, _bad, _numberText, _parsed, _outliers;
    private readonly SquaredDeviations _squares = new();
    private double _sum, _low = double.PositiveInfinity, _high = double.NegativeInfinity;
    private long _lowMicros = long.MaxValue, _highMicros = long.MinValue;
    private byte[]? _badLow, _badHigh;
    private (double Lower, double Upper)? _fences;
    private (double Low, double High)? _range;

    /// <summary>The first rows' statistics (<see cref="MemorySample"/>), from the first piece added.</summary>
    public Dictionary<string, object?>? Sample { get; private set; }

    /// <summary>
    /// Whether a text column is profiled row by row rather than from its groups: it holds numbers or times, the first
    /// rows show more distinct values than half their values (so no top values are counted), its distinct count need
    /// not be exact (not a likely key), and the table is longer than the first rows.
    /// </summary>
    /// <summary>Whether a likely key of numbers or times written as text may be profiled row by row with its distinct values counted exactly (<paramref name="exact"/>).</summary>
    internal static bool AppliesToKey(ColumnShape shape, long rows) =>
        shape.Plan.ValueSql is not null && !shape.Categories && shape.ExactDistinct
        && shape.Plan.SampleDistinct > 0.5 * shape.Plan.SampleValues && rows > ColumnTypeInference.SampleRows;

    /// <summary>The memory its exact count's bits take.</summary>
    public long Bytes => _bits?.Sum(b => 8L * b.Length) ?? 0;

    /// <summary>Whether every row so far (<paramref name="rows"/>) holds a value of its own (known only when counted exactly).</summary>
    /// <remarks>(One text that does not parse differs from every one that does: equal texts parse alike.)</remarks>
    public bool Unique(long rows) => _bits is not null && EachRowOneValue(rows) && SortedHashes.CountDistinct(_bits) == _parsed;

    /// <summary>Whether every row (<paramref name="rows"/>) holds one parsed value (or, once, a text that does not parse): unique when the parsed values all differ.</summary>
    private bool EachRowOneValue(long rows) => _present == rows && _markerRows == 0 && _bad <= 1 && _parsed + _bad == rows;

    internal static bool Applies(ColumnShape shape, long rows) =>
        shape.Plan.ValueSql is not null && !shape.Categories && !shape.ExactDistinct
        && shape.Plan.SampleDistinct > 0.5 * shape.Plan.SampleValues && rows > ColumnTypeInference.SampleRows;

    /// <summary>
    /// The statistics of a text column of numbers or times, each row parsed as it stands (what the groups would give,
    /// counted row by row); the first rows' statistics in <paramref name="sample"/>; false when a parse is unsure.
    /// </summary>
    internal static bool Measure(MemoryCsvTable table, MemoryColumn column, ColumnShape shape, Dictionary<string, object?> stats, out Dictionary<string, object?> sample)
    {
        var measured = new TextRowStatistics(shape);
        if (!measured.Add(table, column))
        {
            sample = [];
            return false;
        }
        measured.Write(stats);
        sample = measured.Sample!;
        return true;
    }

    /// <summary>Adds a piece of the table (the first rows' statistics from the first piece); false when a parse is unsure.</summary>
    public bool Add(MemoryCsvTable table, MemoryColumn column)
    {
        var plan = shape.Plan;
        var n = column.Count;
        var spans = column.Spans!;
        var values = PagedIn.Uninitialized<double>(n);
        var time = plan.Kind == ValueKind.Time;
        var micros = time ? PagedIn.Uninitialized<long>(n) : null;
        long parsed = 0;
        double sum = 0;
        Span<byte> buffer = stackalloc byte[256];
        for (var r = 0; r < n; r++)
        {
            values[r] = double.NaN;
            var span = spans[r];
            if (span == MemoryColumn.NullSpan)
            {
                continue;
            }
            _present++;
            var text = table.Text(span);
            var marker = NullMarkers.IsMarker(text);
            if (marker)
            {
                _markerRows++;
                var spelled = Encoding.UTF8.GetString(text);
                _markerValues[spelled] = _markerValues.GetValueOrDefault(spelled) + 1;
            }
            else if (text[0] == (byte)' ' || text[^1] == (byte)' ')
            {
                _whitespace++;
            }
            if (!TextValues.Parse(text, plan, marker, buffer, out var value, out var at, out var format, out var isNumberText))
            {
                return false;
            }
            if (double.IsNaN(value))
            {
                if (!marker)
                {
                    _bad++;
                    if (_badLow is null || text.SequenceCompareTo(_badLow) < 0)
                    {
                        _badLow = text.ToArray();
                    }
                    if (_badHigh is null || text.SequenceCompareTo(_badHigh) > 0)
                    {
                        _badHigh = text.ToArray();
                    }
                }
                continue;
            }
            values[r] = value;
            parsed++;
            sum += value;
            _numberText += isNumberText ? 1 : 0;
            if (time)
            {
                micros![r] = at;
                _lowMicros = Math.Min(_lowMicros, at);
                _highMicros = Math.Max(_highMicros, at);
                if (format >= 0)
                {
                    _formatRows[format]++;
                }
            }
            else
            {
                _low = Math.Min(_low, value);
                _high = Math.Max(_high, value);
            }
        }
        if (Sample is null)
        {
            Sample = MemorySample.Statistics(table, column, shape, null, values);
            _fences = DuckDbProfiler.Fences(shape, Sample);
            _range = shape.Type != ColumnTypes.Identifier ? DuckDbProfiler.SampleRange(plan, Sample) : null;
        }
        if (!time && parsed > 0)
        {
            var mean = sum / parsed;
            var squares = 0.0;
            long outliers = 0;
            foreach (var v in values)
            {
                if (!double.IsNaN(v))
                {
                    squares += (v - mean) * (v - mean);
                    if (_fences is var (lower, upper) && (v < lower || v > upper))
                    {
                        outliers++;
                    }
                }
            }
            _squares.Add(parsed, mean, squares);
            _outliers += outliers;
        }
        _parsed += parsed;
        _sum += sum;
        if (_range is { } range)
        {
            foreach (var v in values)
            {
                if (!double.IsNaN(v))
                {
                    _bins[DuckDbProfiler.Bin(v, range)]++;
                }
            }
        }
        // approximate, as DuckDB's profile counts such a column, or exact
        var bits = _bits is null ? null : GC.AllocateUninitializedArray<long>((int)parsed);
        var kept = 0;
        for (var r = 0; r < n; r++)
        {
            if (!double.IsNaN(values[r]))
            {
                var value = time ? micros![r] : BitConverter.DoubleToInt64Bits(values[r] == 0 ? 0.0 : values[r]);
                if (bits is not null)
                {
                    bits[kept++] = value;
                }
                else
                {
                    _seen.Add(value);
                }
            }
        }
        if (bits is not null)
        {
            _bits!.Add(bits);
        }
        return true;
    }

    /// <summary>The statistics of every piece added, under the keys <see cref="DuckDbProfiler"/>'s passes give them.</summary>
    public void Write(Dictionary<string, object?> stats)
    {
        var plan = shape.Plan;
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var time = plan.Kind == ValueKind.Time;
        var parsed = _parsed;
        stats[$"{i}.present"] = _present;
        stats[$"{i}.markers"] = _markerRows;
        stats[$"{i}.whitespace"] = _whitespace;
        stats[$"{i}.bad"] = _bad;
        stats[$"{i}.badmin"] = _badLow is null ? null : Encoding.UTF8.GetString(_badLow);
        stats[$"{i}.badmax"] = _badHigh is null ? null : Encoding.UTF8.GetString(_badHigh);
        if (plan.NumericText)
        {
            stats[$"{i}.numbertext"] = _numberText;
        }
        if (plan.DateFormats.Count > 1 && time)
        {
            stats[$"{i}.formats"] = Enumerable.Range(0, _formatRows.Length).Where(f => _formatRows[f] > 0)
                .ToDictionary(f => f.ToString(CultureInfo.InvariantCulture), f => _formatRows[f], StringComparer.Ordinal);
        }
        if (_markerRows > 0)
        {
            stats[$"{i}.markervalues"] = _markerValues;
        }
        if (time)
        {
            stats[$"{i}.min"] = parsed == 0 ? null : DateTime.UnixEpoch.AddTicks(_lowMicros * 10);
            stats[$"{i}.max"] = parsed == 0 ? null : DateTime.UnixEpoch.AddTicks(_highMicros * 10);
            stats[$"{i}.epochmin"] = parsed == 0 ? null : DuckDbTextParsers.EpochSeconds(_lowMicros);
            stats[$"{i}.epochmax"] = parsed == 0 ? null : DuckDbTextParsers.EpochSeconds(_highMicros);
        }
        else
        {
            stats[$"{i}.min"] = parsed == 0 ? null : _low;
            stats[$"{i}.max"] = parsed == 0 ? null : _high;
            stats[$"{i}.mean"] = parsed == 0 ? null : _sum / parsed;
            stats[$"{i}.std"] = parsed > 1 ? Math.Sqrt(_squares.Sum / (parsed - 1)) : null;
            if (_fences is not null)
            {
                stats[$"{i}.outliers"] = _outliers;
            }
        }
        if (_range is not null)
        {
            stats[$"{i}.histogram"] = Enumerable.Range(0, _bins.Length).Where(b => _bins[b] > 0).ToDictionary(b => b, b => _bins[b]);
        }
        stats[$"{i}.distinct"] = _bits is not null ? SortedHashes.CountDistinct(_bits) : Math.Min(_seen.Count(), parsed);
    }

    /// <summary><see cref="Write(Dictionary{string, object?})"/>, and a likely key's exact distinct count; true when every row holds a value of its own.</summary>
    public bool Write(Dictionary<string, object?> stats, Dictionary<string, object?> more, long rows)
    {
        Write(stats);
        var i = shape.Plan.Index.ToString(CultureInfo.InvariantCulture);
        if (_bits is null)
        {
            return false;
        }
        var distinct = ProfileJson.Long(stats[$"{i}.distinct"]);
        more[$"{i}.exactdistinct"] = distinct;
        return EachRowOneValue(rows) && distinct == _parsed;
    }
}
