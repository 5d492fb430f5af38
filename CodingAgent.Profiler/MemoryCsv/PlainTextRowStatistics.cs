using System.Globalization;
using System.Text;

namespace CodingAgent.Profiler;

/// <summary>
/// A text column that is neither numbers nor times and whose values mostly differ (a key of text, free text), profiled
/// chunk by chunk from its rows (<see cref="ChunkedCsvProfiler"/>) to what its groups give (<see cref="GroupStatistics"/>:
/// missing values, markers, whitespace, extremes in byte order, the distinct count) without a table of its values: a
/// likely key's distinct values counted exactly by their 64-bit hashes (sorted once at the end; 8 bytes a row), any
/// other's approximated as DuckDB's wide pass approximates it. No top values: DuckDB's passes count none for it.
/// </summary>
internal sealed class PlainTextRowStatistics(ColumnShape shape)
{
    private readonly Dictionary<object, long> _markerValues = [];
    private readonly HyperLogLog? _seen = shape.ExactDistinct ? null : new HyperLogLog();
    private readonly List<long[]> _hashes = [];
    private long _present, _markerRows, _whitespace;
    private byte[]? _low, _high;

    /// <summary>
    /// Whether a text column is for it: no number or time to parse, not categorical, its first rows' values mostly
    /// distinct, and either a likely key or distinct in more than 95 % of its first rows (then DuckDB's passes profile
    /// it in the wide pass, counting no top values, whatever the table's length).
    /// </summary>
    internal static bool Applies(ColumnShape shape) =>
        shape.Plan.TextStorage && shape.Plan.ValueSql is null && !shape.Categories
        && shape.Plan.SampleDistinct > 0.5 * shape.Plan.SampleValues
        && (shape.ExactDistinct || shape.Plan.SampleDistinct > 0.95 * shape.Plan.SampleValues);

    /// <summary>The memory its hashes take.</summary>
    public long Bytes => _hashes.Sum(h => 8L * h.Length);

    /// <summary>Adds a piece of the table.</summary>
    public void Add(MemoryCsvTable table, MemoryColumn column)
    {
        var spans = column.Spans!;
        var hashes = _seen is null ? GC.AllocateUninitializedArray<long>(column.Count) : null;
        var count = 0;
        foreach (var span in spans.AsSpan(0, column.Count))
        {
            if (span == MemoryColumn.NullSpan)
            {
                continue;
            }
            _present++;
            var text = table.Text(span);
            if (_low is null || text.SequenceCompareTo(_low) < 0)
            {
                _low = text.ToArray();
            }
            if (_high is null || text.SequenceCompareTo(_high) > 0)
            {
                _high = text.ToArray();
            }
            if (NullMarkers.IsMarker(text))
            {
                _markerRows++;
                var spelled = Encoding.UTF8.GetString(text);
                _markerValues[spelled] = _markerValues.GetValueOrDefault(spelled) + 1;
                continue;
            }
            if (text[0] == (byte)' ' || text[^1] == (byte)' ')
            {
                _whitespace++;
            }
            var hash = (long)ByteKeyTable.Hash64(text);
            if (hashes is not null)
            {
                hashes[count++] = hash;
            }
            else
            {
                _seen!.Add(hash);
            }
        }
        if (hashes is not null)
        {
            Array.Resize(ref hashes, count);
            _hashes.Add(hashes);
        }
    }

    /// <summary>Whether every row so far (<paramref name="rows"/>) holds a text of its own (known only for a likely key).</summary>
    public bool Unique(long rows) => EachRowOneText(rows) && Distinct() == rows;

    /// <summary>Whether every row (<paramref name="rows"/>) holds a text (not blank, not a marker) counted exactly: unique when they all differ.</summary>
    private bool EachRowOneText(long rows) => _seen is null && _present == rows && _markerRows == 0;

    /// <summary>The statistics of every piece added, under the keys <see cref="GroupStatistics"/> gives them; true when every row holds a text of its own.</summary>
    public bool Write(Dictionary<string, object?> stats, Dictionary<string, object?> more, long rows)
    {
        var i = shape.Plan.Index.ToString(CultureInfo.InvariantCulture);
        stats[$"{i}.present"] = _present;
        stats[$"{i}.markers"] = _markerRows;
        stats[$"{i}.whitespace"] = _whitespace;
        stats[$"{i}.min"] = _low is null ? null : Encoding.UTF8.GetString(_low);
        stats[$"{i}.max"] = _high is null ? null : Encoding.UTF8.GetString(_high);
        if (_markerRows > 0)
        {
            stats[$"{i}.markervalues"] = _markerValues;
        }
        var distinct = Distinct();
        stats[$"{i}.distinct"] = distinct;
        if (shape.ExactDistinct)
        {
            more[$"{i}.exactdistinct"] = distinct;
        }
        return EachRowOneText(rows) && distinct == rows;
    }

    /// <summary>The distinct texts that are not blank or markers: their hashes sorted and counted, or the approximation.</summary>
    private long Distinct()
    {
        if (_seen is not null)
        {
            return _seen.Count();
        }
        return SortedHashes.CountDistinct(_hashes);
    }
}
