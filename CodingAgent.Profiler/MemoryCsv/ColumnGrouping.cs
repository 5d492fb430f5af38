
namespace CodingAgent.Profiler;

/// <summary>A column in memory as its distinct values with their rows and what each means (<see cref="ColumnGroups"/>).</summary>
internal static class ColumnGrouping
{
    /// <summary>The column's distinct values with their rows and what each means; null when a parse is unsure.</summary>
    /// <param name="table">The table of the column's rows (null: a column whose values are counted already, <see cref="MemoryColumn.Counted"/>, or text).</param>
    internal static ColumnGroups? Group(MemoryCsvTable? table, MemoryColumn column, ColumnPlan plan)
    {
        if (column.Storage != MemoryStorage.Text)
        {
            // the type inference counted the first rows' values already: the rest are added to them
            var counter = column.Counted ?? column.NewCounter(table?.EstimateDistinct(column, column.Count) ?? 256);
            var from = column.Counted is null ? 0 : column.CountedRows;
            column.Counted = null;
            column.AddTo(counter, from, column.Count);
            var keys = PagedIn.Uninitialized<long>(counter.Count);
            var rows = PagedIn.Uninitialized<long>(counter.Count);
            counter.CopyTo(keys, rows);
            var scale = PagedIn.Uninitialized<double>(counter.Count);
            long[]? micros = column.Storage == MemoryStorage.Date ? PagedIn.Uninitialized<long>(counter.Count) : null;
            for (var g = 0; g < keys.Length; g++)
            {
                scale[g] = column.Storage switch
                {
                    MemoryStorage.Bigint => keys[g],
                    MemoryStorage.Double => BitConverter.Int64BitsToDouble(keys[g]),
                    MemoryStorage.Date => DuckDbTextParsers.DateEpochSeconds((int)keys[g]),
                    _ => double.NaN,
                };
                if (micros is not null)
                {
                    micros[g] = DuckDbTextParsers.DateMicros((int)keys[g]);
                }
                if (column.Storage == MemoryStorage.Double && (keys[g] == long.MinValue || double.IsInfinity(scale[g])))
                {
                    // -0.0 and infinities: DuckDB's grouping and text of them are not settled here
                    return null;
                }
            }
            return new ColumnGroups(keys, rows, null, scale, micros, null, null);
        }
        var texts = column.Keys!;
        var n = texts.Count;
        var groupKeys = PagedIn.Uninitialized<long>(n);
        var groupRows = PagedIn.Uninitialized<long>(n);
        var markers = PagedIn.Uninitialized<bool>(n);
        var values = PagedIn.Uninitialized<double>(n);
        var times = plan.Kind == ValueKind.Time ? PagedIn.Uninitialized<long>(n) : null;
        var formats = plan.Kind == ValueKind.Time && plan.DateFormats.Count > 1 ? PagedIn.Uninitialized<sbyte>(n) : null;
        var numberText = plan.Kind == ValueKind.Number && plan.NumericText ? PagedIn.Uninitialized<bool>(n) : null;
        Span<byte> buffer = stackalloc byte[256];
        for (var id = 0; id < n; id++)
        {
            var text = texts.Key(id);
            groupKeys[id] = id;
            groupRows[id] = texts.Rows(id);
            markers[id] = NullMarkers.IsMarker(text);
            if (!TextValues.Parse(text, plan, markers[id], buffer, out values[id], out var micros, out var format, out var isNumberText))
            {
                return null;
            }
            if (times is not null)
            {
                times[id] = micros;
            }
            if (formats is not null)
            {
                formats[id] = (sbyte)format;
            }
            if (numberText is not null)
            {
                numberText[id] = isNumberText;
            }
        }
        return new ColumnGroups(groupKeys, groupRows, markers, values, times, formats, numberText);
    }
}
