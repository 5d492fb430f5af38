using System.Globalization;
using System.Text;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// A column's statistics from its groups (<see cref="ColumnGroups"/>), under the keys <see cref="DuckDbProfiler"/>'s
/// passes give them, with the top values where DuckDB's passes count them.
/// </summary>
internal sealed class GroupStatistics(long groupedTextFromRows)
{
    /// <summary>Every statistic of the column, under the keys <see cref="DuckDbProfiler"/>'s passes give them.</summary>
    public void Measure(MemoryColumn column, ColumnShape shape, ColumnGroups groups, Dictionary<string, object?> sample, long rows, Dictionary<string, object?> stats, Dictionary<string, object?> more)
    {
        var plan = shape.Plan;
        var i = plan.Index.ToString(CultureInfo.InvariantCulture);
        var text = column.Storage == MemoryStorage.Text;
        var keys = column.Keys;
        var markers = groups.Markers;
        bool Marker(int g) => markers is not null && markers[g];
        string Text(int g) => Encoding.UTF8.GetString(keys!.Key((int)groups.Keys[g]));
        object Key(int g) => text ? Text(g) : StoredValues.Value(column.Storage, groups.Keys[g]);

        long present = 0, markerRows = 0, whitespace = 0, bad = 0, numberText = 0;
        var hasValue = plan.ValueSql is not null;
        for (var g = 0; g < groups.Count; g++)
        {
            var n = groups.Rows[g];
            present += n;
            if (Marker(g))
            {
                markerRows += n;
                continue;
            }
            if (text)
            {
                var bytes = keys!.Key((int)groups.Keys[g]);
                if (bytes[0] == (byte)' ' || bytes[^1] == (byte)' ')
                {
                    whitespace += n;
                }
                if (hasValue && double.IsNaN(groups.Scale[g]))
                {
                    bad += n;
                }
                if (groups.NumberText is { } numbers && numbers[g])
                {
                    numberText += n;
                }
            }
        }
        stats[$"{i}.present"] = present;
        if (text)
        {
            stats[$"{i}.markers"] = markerRows;
            stats[$"{i}.whitespace"] = whitespace;
        }

        // the extremes: of the parsed value, else of the raw value (text in byte order, markers included)
        int? low = null, high = null;
        for (var g = 0; g < groups.Count; g++)
        {
            if (hasValue && double.IsNaN(groups.Scale[g]))
            {
                continue;
            }
            if (low is null || Less(g, low.Value))
            {
                low = g;
            }
            if (high is null || Less(high.Value, g))
            {
                high = g;
            }
        }
        bool Less(int a, int b)
        {
            if (hasValue)
            {
                return groups.Micros is { } micros ? micros[a] < micros[b] : groups.Scale[a] < groups.Scale[b];
            }
            if (text)
            {
                return keys!.Key((int)groups.Keys[a]).SequenceCompareTo(keys.Key((int)groups.Keys[b])) < 0;
            }
            return groups.Keys[a] < groups.Keys[b];
        }
        object? Extreme(int? g)
        {
            if (g is not { } at)
            {
                return null;
            }
            if (!hasValue)
            {
                return Key(at);
            }
            if (!text)
            {
                return StoredValues.Value(column.Storage, groups.Keys[at]);
            }
            return plan.Kind == ValueKind.Number ? groups.Scale[at] : DateTime.UnixEpoch.AddTicks(groups.Micros![at] * 10);
        }
        stats[$"{i}.min"] = Extreme(low);
        stats[$"{i}.max"] = Extreme(high);

        if (hasValue && text)
        {
            stats[$"{i}.bad"] = bad;
            int? badLow = null, badHigh = null;
            for (var g = 0; g < groups.Count; g++)
            {
                if (Marker(g) || !double.IsNaN(groups.Scale[g]))
                {
                    continue;
                }
                var bytes = keys!.Key((int)groups.Keys[g]);
                if (badLow is null || bytes.SequenceCompareTo(keys.Key((int)groups.Keys[badLow.Value])) < 0)
                {
                    badLow = g;
                }
                if (badHigh is null || bytes.SequenceCompareTo(keys.Key((int)groups.Keys[badHigh.Value])) > 0)
                {
                    badHigh = g;
                }
            }
            stats[$"{i}.badmin"] = badLow is { } bl ? Text(bl) : null;
            stats[$"{i}.badmax"] = badHigh is { } bh ? Text(bh) : null;
            if (plan.NumericText)
            {
                stats[$"{i}.numbertext"] = numberText;
            }
            if (groups.Formats is { } formats)
            {
                var byFormat = new Dictionary<string, long>(StringComparer.Ordinal);
                for (var g = 0; g < groups.Count; g++)
                {
                    if (!Marker(g) && formats[g] >= 0 && !double.IsNaN(groups.Scale[g]))
                    {
                        var k = formats[g].ToString(CultureInfo.InvariantCulture);
                        byFormat[k] = byFormat.GetValueOrDefault(k) + groups.Rows[g];
                    }
                }
                stats[$"{i}.formats"] = byFormat;
            }
        }

        if (hasValue)
        {
            long values = 0;
            var sum = 0.0;
            for (var g = 0; g < groups.Count; g++)
            {
                if (!double.IsNaN(groups.Scale[g]))
                {
                    values += groups.Rows[g];
                    sum += groups.Scale[g] * groups.Rows[g];
                }
            }
            if (plan.Kind == ValueKind.Number)
            {
                var mean = values == 0 ? (double?)null : sum / values;
                stats[$"{i}.mean"] = mean;
                if (values > 1 && mean is { } m)
                {
                    var squares = 0.0;
                    for (var g = 0; g < groups.Count; g++)
                    {
                        if (!double.IsNaN(groups.Scale[g]))
                        {
                            squares += (groups.Scale[g] - m) * (groups.Scale[g] - m) * groups.Rows[g];
                        }
                    }
                    stats[$"{i}.std"] = Math.Sqrt(squares / (values - 1));
                }
                else
                {
                    stats[$"{i}.std"] = null;
                }
                if (DuckDbProfiler.Fences(shape, sample) is var (lower, upper))
                {
                    long outliers = 0;
                    for (var g = 0; g < groups.Count; g++)
                    {
                        var v = groups.Scale[g];
                        if (!double.IsNaN(v) && (v < lower || v > upper))
                        {
                            outliers += groups.Rows[g];
                        }
                    }
                    stats[$"{i}.outliers"] = outliers;
                }
            }
            else
            {
                stats[$"{i}.epochmin"] = low is { } l ? groups.Scale[l] : null;
                stats[$"{i}.epochmax"] = high is { } h ? groups.Scale[h] : null;
            }
            if (shape.Type != ColumnTypes.Identifier && DuckDbProfiler.SampleRange(plan, sample) is { } range)
            {
                var bins = new long[ProfileLimits.HistogramBins];
                for (var g = 0; g < groups.Count; g++)
                {
                    if (!double.IsNaN(groups.Scale[g]))
                    {
                        bins[DuckDbProfiler.Bin(groups.Scale[g], range)] += groups.Rows[g];
                    }
                }
                stats[$"{i}.histogram"] = Enumerable.Range(0, bins.Length).Where(b => bins[b] > 0).ToDictionary(b => b, b => bins[b]);
            }
        }

        if (markerRows > 0)
        {
            var spellings = new Dictionary<object, long>();
            for (var g = 0; g < groups.Count; g++)
            {
                if (Marker(g))
                {
                    spellings[Text(g)] = groups.Rows[g];
                }
            }
            stats[$"{i}.markervalues"] = spellings;
        }

        // the distinct values counted: the parsed ones, else the text that is not blank or a marker (or the stored value)
        long distinct;
        if (hasValue && text)
        {
            var seen = new LongCounter(groups.Count);
            for (var g = 0; g < groups.Count; g++)
            {
                if (!double.IsNaN(groups.Scale[g]))
                {
                    seen.Add(groups.Micros is { } micros ? micros[g] : BitConverter.DoubleToInt64Bits(groups.Scale[g] == 0 ? 0.0 : groups.Scale[g]));
                }
            }
            distinct = seen.Count;
        }
        else
        {
            distinct = 0;
            for (var g = 0; g < groups.Count; g++)
            {
                distinct += Marker(g) ? 0 : 1;
            }
        }
        stats[$"{i}.distinct"] = distinct;
        if (shape.ExactDistinct && !shape.Categories)
        {
            more[$"{i}.exactdistinct"] = distinct;
        }

        // the values that are not blank or markers, most frequent first, where DuckDB's passes count them
        var route = Route(shape, groups, rows);
        if (shape.Categories && route == Pass.Groups)
        {
            var nonMarker = Enumerable.Range(0, groups.Count).Where(g => !Marker(g)).ToList();
            if (nonMarker.Count <= DuckDbProfiler.CategoryDistinctUpTo && rows > 0)
            {
                more[$"{i}.categories"] = nonMarker.ToDictionary(Text, g => groups.Rows[g], StringComparer.Ordinal);
            }
        }
        var everyGroup = route == Pass.Groups || (route == Pass.GroupedText && plan.SampleDistinct <= 0.5 * plan.SampleValues);
        if (everyGroup)
        {
            stats[$"{i}.top"] = Top(groups, g => !Marker(g), Key);
        }
        else if (route == Pass.Wide && plan.SampleDistinct <= 0.5 * plan.SampleValues && plan.TopCandidates is { Count: > 0 } candidates)
        {
            // the first rows' most frequent values, counted over every row
            var wanted = candidates.ToHashSet(StringComparer.Ordinal);
            var wantedBits = text ? [] : candidates.Select(candidate => StoredValues.FromText(column.Storage, candidate)).ToHashSet();
            var counts = new Dictionary<object, long>();
            for (var g = 0; g < groups.Count; g++)
            {
                if (!Marker(g) && (text ? wanted.Contains(Text(g)) : wantedBits.Contains(groups.Keys[g])))
                {
                    counts[Key(g)] = groups.Rows[g];
                }
            }
            stats[$"{i}.top"] = counts;
        }
    }

    /// <summary>Which of DuckDB's passes profiles the column: its groups, a table of its groups, or the wide pass.</summary>
    private Pass Route(ColumnShape shape, ColumnGroups groups, long rows)
    {
        if (shape.Categories || DuckDbProfiler.Grouped(shape, rows))
        {
            var limit = DuckDbProfiler.StoredRepeating(shape, rows) ? DuckDbProfiler.MaxStoredGroups : DuckDbProfiler.CategoryDistinctUpTo * 4;
            if (groups.Count <= limit)
            {
                return Pass.Groups;
            }
            return DuckDbProfiler.GroupedText(shape, rows, groupedTextFromRows) ? Pass.GroupedText : Pass.Wide;
        }
        return DuckDbProfiler.GroupedText(shape, rows, groupedTextFromRows) ? Pass.GroupedText : Pass.Wide;
    }

    private enum Pass
    {
        Groups,
        GroupedText,
        Wide,
    }

    /// <summary>The most frequent groups (ties in ordinal order of their text), as the passes list them.</summary>
    private static Dictionary<object, long> Top(ColumnGroups groups, Func<int, bool> counted, Func<int, object> key)
    {
        var largest = new LargestCounts();
        for (var g = 0; g < groups.Count; g++)
        {
            if (counted(g))
            {
                largest.Add(groups.Rows[g]);
            }
        }
        var threshold = largest.Threshold;
        return Enumerable.Range(0, groups.Count)
            .Where(g => counted(g) && groups.Rows[g] >= threshold)
            .Select(g => (Key: key(g), Rows: groups.Rows[g]))
            .OrderByDescending(e => e.Rows).ThenBy(e => e.Key as string ?? ProfileJson.Display(e.Key), StringComparer.Ordinal)
            .Take(ProfileLimits.TopValues)
            .ToDictionary(e => e.Key, e => e.Rows);
    }
}
