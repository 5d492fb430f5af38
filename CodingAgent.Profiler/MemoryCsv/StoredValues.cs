using System.Globalization;

namespace CodingAgent.Profiler;

/// <summary>A stored value of a column in memory as its 64 bits (the key of its group), as DuckDB returns it to .NET, and as its text.</summary>
internal static class StoredValues
{
    /// <summary>A stored value's 64 bits (the key of its group).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static long Bits(MemoryColumn column, int row) => column.Storage switch
    {
        MemoryStorage.Bigint => column.Longs![row],
        MemoryStorage.Double => BitConverter.DoubleToInt64Bits(column.Doubles![row]),
        _ => column.Ints![row],
    };

    /// <summary>A stored value as DuckDB returns it to .NET.</summary>
    internal static object Value(MemoryStorage storage, long bits) => storage switch
    {
        MemoryStorage.Bigint => bits,
        MemoryStorage.Double => BitConverter.Int64BitsToDouble(bits),
        MemoryStorage.Date => DuckDbValueText.Date((int)bits),
        _ => bits != 0,
    };

    /// <summary>A stored value as DuckDB's CAST(… AS VARCHAR) writes it.</summary>
    internal static string Text(MemoryStorage storage, long bits) => storage switch
    {
        MemoryStorage.Bigint => bits.ToString(CultureInfo.InvariantCulture),
        MemoryStorage.Double => DuckDbValueText.Double(BitConverter.Int64BitsToDouble(bits)),
        MemoryStorage.Date => DuckDbValueText.Date((int)bits).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => bits != 0 ? "true" : "false",
    };

    /// <summary>The bits of a stored value from its text (<see cref="StoredText"/>, which reads back exactly).</summary>
    internal static long FromText(MemoryStorage storage, string text) => storage switch
    {
        MemoryStorage.Bigint => long.Parse(text, CultureInfo.InvariantCulture),
        MemoryStorage.Double => BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)),
        MemoryStorage.Date => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - DuckDbValueText.UnixDay,
        _ => text == "true" ? 1 : 0,
    };
}
