namespace CodingAgent.Profiler;

/// <summary>
/// A column of a CSV profiled chunk by chunk (<see cref="ChunkedCsvProfiler"/>): its plan and first rows' statistics
/// from the first chunk, and what every chunk adds to, one of: its rows' statistics (text of numbers or times, <see
/// cref="TextRows"/>; stored values, <see cref="StoredRows"/>; mostly distinct other text, <see cref="PlainTextRows"/>)
/// or its distinct values with their rows (text, <see
/// cref="Keys"/>; stored values, <see cref="Counter"/>).
/// </summary>
internal sealed class ChunkedColumn(ColumnShape shape, MemoryStorage storage)
{
    public ColumnShape Shape { get; } = shape;

    public MemoryStorage Storage { get; } = storage;

    public TextRowStatistics? TextRows { get; init; }

    public StoredRowStatistics? StoredRows { get; init; }

    public PlainTextRowStatistics? PlainTextRows { get; init; }

    public ByteKeyTable? Keys { get; init; }

    public LongCounter? Counter { get; init; }

    /// <summary>The first rows' statistics of a column grouped (the others' come from their rows' statistics).</summary>
    public Dictionary<string, object?>? Sample { get; init; }

    /// <summary>The memory its distinct values take, about (for the budget of a profile in chunks).</summary>
    public long Bytes =>
        Keys is { } keys ? keys.KeyBytes + 64L * keys.Count
        : Counter is { } counter ? 48L * counter.Count
        : StoredRows?.Bytes ?? PlainTextRows?.Bytes ?? TextRows?.Bytes ?? 0;

    /// <summary>Whether every row so far (<paramref name="rows"/>) holds a value of its own.</summary>
    public bool Unique(long rows) =>
        StoredRows is { } stored ? stored.Present == rows && stored.Distinct == rows
        : TextRows is { } textRows ? textRows.Unique(rows)
        : Keys is { } keys ? keys.Count == rows
        : PlainTextRows is { } plain ? plain.Unique(rows)
        : Counter is { } counter && counter.Count == rows;

    /// <summary>Adds a chunk after the first; false when a parse is unsure or the distinct values outgrow their memory.</summary>
    public bool Add(MemoryCsvTable table, MemoryColumn column)
    {
        if (TextRows is { } textRows)
        {
            return textRows.Add(table, column);
        }
        if (StoredRows is { } storedRows)
        {
            return storedRows.Add(table, column);
        }
        if (PlainTextRows is { } plainTextRows)
        {
            plainTextRows.Add(table, column);
            return true;
        }
        if (Keys is { } keys)
        {
            keys.Rebind(table.Data, table.Arena);
            foreach (var span in column.Spans.AsSpan(0, column.Count))
            {
                if (span != MemoryColumn.NullSpan)
                {
                    keys.Add((int)(span >> 32), (int)span);
                }
            }
            // (the chunk is garbage once it is profiled)
            keys.Rebind([], []);
            return true;
        }
        column.AddTo(Counter!, 0, column.Count);
        return true;
    }
}
