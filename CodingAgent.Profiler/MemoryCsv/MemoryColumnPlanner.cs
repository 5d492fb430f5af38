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
        var examples = Examples(column);
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
                var trimmed = keys.Key(id).Trim((byte)' ');
                // (a boolean word is five letters at most)
                bool Boolean(ReadOnlySpan<byte> ascii, Span<char> buffer) =>
                    ascii.Length <= 5 && System.Text.Ascii.ToUtf16(ascii, buffer, out var written) == System.Buffers.OperationStatus.Done
                    && ColumnTypeInference.IsBoolean(buffer[..written]);
                if (trimmed.Length <= ValueShapes.MaxLength && System.Text.Ascii.IsValid(trimmed))
                {
                    shapes.Add(ValueShapes.Of(trimmed, shapeBytes), counts[id], Boolean(trimmed, chars));
                }
                else if (System.Text.Ascii.IsValid(trimmed))
                {
                    shapes.Add("~", counts[id], false);
                }
                else
                {
                    var text = Encoding.UTF8.GetString(trimmed);
                    shapes.Add(ValueShapes.Of(text, shaped), counts[id], ColumnTypeInference.IsBoolean(text));
                }
            }
            List<(string Value, long Count)>? present = null;
            List<(string Value, long Count)> Present() => present ??= [.. Enumerable.Range(0, counts.Length).Where(id => counts[id] > 0).Select(id => (Encoding.UTF8.GetString(keys.Key(id)), (long)counts[id]))];
            return ColumnTypeInference.Decide(c, table.Names[c], storageType, shapes.Counted, Present, examples) with
            {
                // (the first rows' most frequent values are counted only where values repeat)
                TopCandidates = distinct <= 0.5 * values ? ColumnTypeInference.MostFrequent(Present(), ProfileLimits.TopValues) : [],
                SampleDistinct = distinct,
                SampleValues = values,
            };
        }
        var sample = column.NewCounter(table.EstimateDistinct(column, sampleRows));
        for (var r = 0; r < sampleRows; r++)
        {
            if (!column.IsNull(r))
            {
                sample.Add(StoredValues.Bits(column, r));
            }
        }
        var sampleValues = sample.Entries().Sum(e => e.Rows);
        // (the column's grouping, if it needs one, goes on from these rows)
        column.Counted = sample;
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

    /// <summary>The first distinct non-blank values among the first rows, as DuckDB's text of them (cut as left() cuts).</summary>
    internal static List<string> Examples(MemoryColumn column)
    {
        var examples = new List<string>();
        for (var r = 0; r < Math.Min(column.Count, ColumnTypeInference.ExampleRows) && examples.Count < ProfileLimits.Examples; r++)
        {
            if (column.IsNull(r))
            {
                continue;
            }
            var text = Left(column.Storage == MemoryStorage.Text ? Encoding.UTF8.GetString(column.Keys!.Key(column.Ints![r])) : StoredValues.Text(column.Storage, StoredValues.Bits(column, r)), ProfileLimits.MaxValueChars);
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
