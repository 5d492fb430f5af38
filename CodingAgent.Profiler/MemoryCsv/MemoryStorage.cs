namespace CodingAgent.Profiler;

/// <summary>How a column of a CSV read into memory holds its values: the DuckDB type the sniffer gave it.</summary>
internal enum MemoryStorage
{
    /// <summary>BIGINT: <see cref="MemoryColumn.Longs"/>, <see cref="MemoryColumn.NullLong"/> for NULL.</summary>
    Bigint,

    /// <summary>DOUBLE: <see cref="MemoryColumn.Doubles"/>, NaN for NULL.</summary>
    Double,

    /// <summary>BOOLEAN: <see cref="MemoryColumn.Ints"/>, 0 false, 1 true, -1 NULL.</summary>
    Boolean,

    /// <summary>DATE: <see cref="MemoryColumn.Ints"/> as days since 1970-01-01, <see cref="int.MinValue"/> for NULL.</summary>
    Date,

    /// <summary>VARCHAR: <see cref="MemoryColumn.Spans"/> as read, then <see cref="MemoryColumn.Ints"/> as ids of <see cref="MemoryColumn.Keys"/>, -1 for NULL.</summary>
    Text,
}
