using System.Text;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>A column's plan from its first rows in memory, as <see cref="ColumnTypeInference.Plan"/> makes it in DuckDB.</summary>
internal static class MemoryColumnPlanner
{
    /// <summary>The column's plan from its first rows, as <see cref="ColumnTypeInference.Plan"/> makes it in DuckDB.</summary>
    internal static ColumnPlan Plan(MemoryCsvTable table, int c, string storageType)
    {
        var column = table.Columns[c];
        var sampleRows = Math.Min(table.Rows, ColumnTypeInference.SampleRows);
        var examples = Examples(table, column);
        if (column.Storage == MemoryStorage.Text)
        {
            var keys = column.Keys!;
            var counts = PagedIn.Zeroed<int>(keys.Count);
            var ids = column.Ints!;
            for (var r = 0; r < sampleRows; r++)
            {
                if (ids[r] >= 0)
                {
                    counts[ids[r]]++;
                }
            }
            // the shapes of the values (not blank, not markers), from their bytes, in the order first seen; the values as
            // text only when needed
            var shapes = new ShapeCounts();
            Span<char> chars = stackalloc char[ValueShapes.MaxLength];
            Span<char> shaped = stackalloc char[ValueShapes.MaxLength];
            Span<byte> shapeBytes = stackalloc byte[ValueShapes.MaxLength];
            long distinct = 0, values = 0;
            for (var id = 0; id < counts.Length; id++)
            {
                if (counts[id] == 0 || NullMarkers.IsMarker(keys.Key(id)))
                {
                    counts[id] = 0;
                    continue;
                }
                distinct++;
                values += counts[id];
                CountShape(shapes, keys.Key(id), counts[id], chars, shaped, shapeBytes);
            }
            List<(string Value, long Count)>? present = null;
            List<(string Value, long Count)> Present() => present ??= [.. Enumerable.Range(0, counts.Length).Where(id => counts[id] > 0).Select(id => (Encoding.UTF8.GetString(keys.Key(id)), (long)counts[id]))];
            return ColumnTypeInference.Decide(c, table.Names[c], storageType, shapes.Counted, Present, examples) with
            {
                // (the first rows' most frequent values are counted only where values repeat)
                TopCandidates = distinct <= 0.5 * values ? ColumnTypeInference.MostFrequent(present ?? Frequent(keys, counts), ProfileLimits.TopValues) : [],
                SampleDistinct = distinct,
                SampleValues = values,
            };
        }
        var sample = column.NewCounter(table.EstimateDistinct(column, sampleRows));
        var sampleValues = column.AddTo(sample, 0, sampleRows);
        // (the column's grouping, if it needs one, goes on from these rows)
        column.Counted = sample;
        if (column.Storage == MemoryStorage.Double && sample.Count <= sampleRows / 8)
        {
            // (few values: the first rows' quantiles from their counts, MemorySample)
            column.SampleCounts = [.. sample.Entries()];
        }
        column.CountedRows = sampleRows;
        // (the first rows' most frequent values are counted only where values repeat)
        List<string> candidates = [];
        if (sample.Count <= 0.5 * sampleValues)
        {
            // text only for the values as frequent as the tenth most frequent (ties go by text)
            var largest = new LargestCounts();
            foreach (var (_, rows) in sample.Entries())
            {
                largest.Add(rows);
            }
            var threshold = largest.Threshold;
            candidates = [.. sample.Entries().Where(e => e.Rows >= threshold)
                .Select(e => (Text: StoredValues.Text(column.Storage, e.Key), e.Rows))
                .OrderByDescending(e => e.Rows).ThenBy(e => e.Text, StringComparer.Ordinal)
                .Take(ProfileLimits.TopValues).Select(e => e.Text)];
        }
        return ColumnTypeInference.Decide(c, table.Names[c], storageType, [], examples) with
        {
            TopCandidates = candidates,
            SampleDistinct = sample.Count,
            SampleValues = sampleValues,
        };
    }

    /// <summary>
    /// The plan of a text column whose first rows hold values that mostly differ, as <see cref="Plan"/> makes it, from
    /// its rows as they are (each row's shape counted, its distinct values counted by their 64-bit hashes) rather than
    /// from their grouping; null where the plan needs the values themselves (dates, whose day order reads them; values
    /// that repeat, whose most frequent are candidates): then the first rows are grouped and <see cref="Plan"/> makes it.
    /// </summary>
    internal static ColumnPlan? PlanFromRows(MemoryCsvTable table, int c, string storageType)
    {
        var column = table.Columns[c];
        var sampleRows = Math.Min(table.Rows, ColumnTypeInference.SampleRows);
        var spans = column.Spans!;
        var shapes = new ShapeCounts();
        Span<char> chars = stackalloc char[ValueShapes.MaxLength];
        Span<char> shaped = stackalloc char[ValueShapes.MaxLength];
        Span<byte> shapeBytes = stackalloc byte[ValueShapes.MaxLength];
        // (the values' hashes, counted once all are in: DistinctHashes)
        var seen = GC.AllocateUninitializedArray<long>(sampleRows);
        var values = 0;
        for (var r = 0; r < sampleRows; r++)
        {
            if (spans[r] == MemoryColumn.NullSpan)
            {
                continue;
            }
            var text = table.Text(spans[r]);
            if (NullMarkers.IsMarker(text))
            {
                continue;
            }
            seen[values++] = (long)ByteKeyTable.Hash64(text);
            CountShape(shapes, text, 1, chars, shaped, shapeBytes);
        }
        var distinct = DistinctHashes.Count(seen.AsSpan(0, values));
        if (distinct <= 0.5 * values)
        {
            return null;
        }
        var needsValues = false;
        var plan = ColumnTypeInference.Decide(c, table.Names[c], storageType, shapes.Counted, () =>
        {
            needsValues = true;
            return [];
        }, Examples(table, column));
        return needsValues ? null : plan with { TopCandidates = [], SampleDistinct = distinct, SampleValues = values };
    }

    /// <summary>Counts <paramref name="rows"/> rows of a value (not blank, not a marker) under its shape, as the type inference shapes text.</summary>
    private static void CountShape(ShapeCounts shapes, ReadOnlySpan<byte> value, long rows, Span<char> chars, Span<char> shaped, Span<byte> shapeBytes)
    {
        var trimmed = value.Trim((byte)' ');
        // (a boolean word is five letters at most)
        bool Boolean(ReadOnlySpan<byte> ascii, Span<char> buffer) =>
            ascii.Length <= 5 && System.Text.Ascii.ToUtf16(ascii, buffer, out var written) == System.Buffers.OperationStatus.Done
            && ColumnTypeInference.IsBoolean(buffer[..written]);
        if (trimmed.Length <= ValueShapes.MaxLength && System.Text.Ascii.IsValid(trimmed))
        {
            shapes.Add(ValueShapes.Of(trimmed, shapeBytes), rows, Boolean(trimmed, chars));
        }
        else if (System.Text.Ascii.IsValid(trimmed))
        {
            shapes.Add("~", rows, false);
        }
        else
        {
            var text = Encoding.UTF8.GetString(trimmed);
            shapes.Add(ValueShapes.Of(text, shaped), rows, ColumnTypeInference.IsBoolean(text));
        }
    }

    /// <summary>
    /// The values counted in <paramref name="counts"/> (by id) as frequent as the tenth most frequent, as text: all that
    /// <see cref="ColumnTypeInference.MostFrequent"/> can pick (ties go by text), without the text of every value.
    /// </summary>
    private static List<(string Value, long Count)> Frequent(ByteKeyTable keys, int[] counts)
    {
        var largest = new LargestCounts();
        foreach (var count in counts)
        {
            if (count > 0)
            {
                largest.Add(count);
            }
        }
        var threshold = largest.Threshold;
        var frequent = new List<(string Value, long Count)>();
        for (var id = 0; id < counts.Length; id++)
        {
            if (counts[id] > 0 && counts[id] >= threshold)
            {
                frequent.Add((Encoding.UTF8.GetString(keys.Key(id)), counts[id]));
            }
        }
        return frequent;
    }

    /// <summary>The first distinct non-blank values among the first rows, as DuckDB's text of them (cut as left() cuts).</summary>
    internal static List<string> Examples(MemoryCsvTable table, MemoryColumn column)
    {
        var examples = new List<string>();
        for (var r = 0; r < Math.Min(column.Count, ColumnTypeInference.ExampleRows) && examples.Count < ProfileLimits.Examples; r++)
        {
            if (column.IsNull(r))
            {
                continue;
            }
            var text = Left(column.Storage == MemoryStorage.Text ? Encoding.UTF8.GetString(table.Text(column.Spans![r])) : StoredValues.Text(column.Storage, StoredValues.Bits(column, r)), ProfileLimits.MaxValueChars);
            if (text.Trim().Length > 0 && !examples.Contains(text, StringComparer.Ordinal))
            {
                examples.Add(ProfileJson.Truncate(text));
            }
        }
        return examples;
    }

    /// <summary>The first <paramref name="count"/> characters (code points, as DuckDB's left() counts them).</summary>
    internal static string Left(string text, int count)
    {
        if (text.Length <= count)
        {
            return text;
        }
        var end = 0;
        for (var taken = 0; taken < count && end < text.Length; taken++)
        {
            end += char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
        }
        return text[..end];
    }
}
