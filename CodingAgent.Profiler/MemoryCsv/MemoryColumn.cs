namespace CodingAgent.Profiler;

/// <summary>
/// One column of a CSV read into memory, a value per row in the array its <see cref="Storage"/> uses (the others are
/// null); text as ids of its distinct values.
/// </summary>
internal sealed class MemoryColumn(MemoryStorage storage, ByteKeyTable? keys)
{
    public const long NullLong = long.MinValue;

    /// <summary>A NULL text field in <see cref="Spans"/>.</summary>
    public const long NullSpan = long.MinValue;

    public MemoryStorage Storage { get; } = storage;

    public long[]? Longs { get; set; }

    public double[]? Doubles { get; set; }

    public int[]? Ints { get; set; }

    /// <summary>Text fields as the reader found them: location (an offset of the file, or ~offset of the arena) in the high 32 bits, length in the low ones; <see cref="NullSpan"/> for NULL.</summary>
    public long[]? Spans { get; set; }

    /// <summary>The distinct texts of a text column.</summary>
    public ByteKeyTable? Keys { get; set; } = keys;

    /// <summary>For text: the first rows given ids in <see cref="Ints"/> (every row once the column is grouped).</summary>
    public int GroupedRows { get; set; }

    /// <summary>Rows filled so far.</summary>
    public int Count { get; set; }

    /// <summary>A stored column's values among its first <see cref="CountedRows"/> rows with their rows (the type inference's sample), for its grouping to go on from.</summary>
    public LongCounter? Counted { get; set; }

    /// <summary>The rows <see cref="Counted"/> holds.</summary>
    public int CountedRows { get; set; }

    /// <summary>For doubles of few distinct values: each of the first rows' values (its bits) with its rows, as the type inference counted them.</summary>
    public List<(long Bits, long Rows)>? SampleCounts { get; set; }

    /// <summary>The values among the first rows and how many of them are distinct, once probed (<see cref="MemoryCsvTable.EstimateDistinct"/>).</summary>
    public (int Values, int Distinct)? Probe { get; set; }

    /// <summary>A column with room for <paramref name="capacity"/> rows in its storage's array (uninitialized: every row is written).</summary>
    public static MemoryColumn Create(MemoryStorage storage, int capacity)
    {
        var column = new MemoryColumn(storage, null);
        switch (storage)
        {
            case MemoryStorage.Bigint:
                column.Longs = PagedIn.Uninitialized<long>(capacity);
                break;
            case MemoryStorage.Double:
                column.Doubles = PagedIn.Uninitialized<double>(capacity);
                break;
            case MemoryStorage.Text:
                column.Spans = PagedIn.Uninitialized<long>(capacity);
                break;
            default:
                column.Ints = PagedIn.Uninitialized<int>(capacity);
                break;
        }
        return column;
    }

    /// <summary>Moves the rows from <paramref name="from"/> on (<paramref name="count"/> of them) to <paramref name="to"/>.</summary>
    public void MoveRows(int from, int to, int count)
    {
        switch (Storage)
        {
            case MemoryStorage.Bigint:
                Longs.AsSpan(from, count).CopyTo(Longs.AsSpan(to));
                break;
            case MemoryStorage.Double:
                Doubles.AsSpan(from, count).CopyTo(Doubles.AsSpan(to));
                break;
            case MemoryStorage.Text:
                Spans.AsSpan(from, count).CopyTo(Spans.AsSpan(to));
                break;
            default:
                Ints.AsSpan(from, count).CopyTo(Ints.AsSpan(to));
                break;
        }
    }

    /// <summary>Whether row <paramref name="row"/> is NULL.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row) => Storage switch
    {
        MemoryStorage.Bigint => Longs![row] == NullLong,
        MemoryStorage.Double => double.IsNaN(Doubles![row]),
        MemoryStorage.Date => Ints![row] == int.MinValue,
        MemoryStorage.Text => Spans![row] == NullSpan,
        _ => Ints![row] < 0,
    };

    /// <summary>
    /// A counter of the column's values: for integers and days that lie in a range no wider than twice the rows, one
    /// count a value of the range (<see cref="LongCounter.ForRange"/>); for doubles that are whole hundredths (tenths,
    /// thousandths…) of such a range, one count each of those (<see cref="LongCounter.ForScaledRange"/>: 20,000 prices
    /// counted in 160 KB read in order rather than a megabyte's hash table read at random); else a hash table sized for
    /// <paramref name="expectedDistinct"/> values.
    /// </summary>
    public LongCounter NewCounter(int expectedDistinct)
    {
        long low = long.MaxValue, high = long.MinValue;
        if (Storage == MemoryStorage.Bigint)
        {
            foreach (var value in Longs.AsSpan(0, Count))
            {
                if (value != NullLong)
                {
                    low = Math.Min(low, value);
                    high = Math.Max(high, value);
                }
            }
        }
        else if (Storage == MemoryStorage.Date)
        {
            foreach (var value in Ints.AsSpan(0, Count))
            {
                if (value != int.MinValue)
                {
                    low = Math.Min(low, value);
                    high = Math.Max(high, value);
                }
            }
        }
        else if (Storage == MemoryStorage.Double && WholeAt(out var scale, out low, out high))
        {
            return (double)high - low < 2.0 * Count + 1024 ? LongCounter.ForScaledRange(low, high, scale) : new LongCounter(expectedDistinct);
        }
        // (the width as a double: high − low overflows for values far apart)
        return low <= high && (double)high - low < 2.0 * Count + 1024 ? LongCounter.ForRange(low, high) : new LongCounter(expectedDistinct);
    }

    /// <summary>
    /// The smallest of 1, 10, 100, 1,000 and 10,000 that makes every double of the column a whole number (money, rounded
    /// measures), and the least and greatest of those numbers; false when there is none (a double no scale makes whole,
    /// −0, one beyond 2^50, or no double at all).
    /// </summary>
    private bool WholeAt(out double scale, out long low, out long high)
    {
        const double MaxScale = 10_000;
        const double Largest = 1L << 50;
        (scale, low, high) = (1, 0, -1);
        double least = double.PositiveInfinity, greatest = double.NegativeInfinity;
        foreach (var value in Doubles.AsSpan(0, Count))
        {
            if (double.IsNaN(value))
            {
                continue;
            }
            if (value == 0 && double.IsNegative(value))
            {
                return false;
            }
            while (Math.Round(value * scale) / scale != value)
            {
                if (scale >= MaxScale)
                {
                    return false;
                }
                scale *= 10;
            }
            least = Math.Min(least, value);
            greatest = Math.Max(greatest, value);
        }
        var (lowest, highest) = (Math.Round(least * scale), Math.Round(greatest * scale));
        if (!(lowest >= -Largest && highest <= Largest))
        {
            return false;
        }
        (low, high) = ((long)lowest, (long)highest);
        return true;
    }

    /// <summary>Adds the stored value of each row from <paramref name="from"/> to <paramref name="to"/> (not text) to <paramref name="counter"/>, one loop a storage; returns how many there were (not NULL).</summary>
    public long AddTo(LongCounter counter, int from, int to)
    {
        long values = 0;
        switch (Storage)
        {
            case MemoryStorage.Bigint:
                foreach (var value in Longs.AsSpan(from, to - from))
                {
                    if (value != NullLong)
                    {
                        counter.Add(value);
                        values++;
                    }
                }
                break;
            case MemoryStorage.Double:
                foreach (var value in Doubles.AsSpan(from, to - from))
                {
                    if (!double.IsNaN(value))
                    {
                        counter.Add(BitConverter.DoubleToInt64Bits(value));
                        values++;
                    }
                }
                break;
            default:
                for (var r = from; r < to; r++)
                {
                    if (!IsNull(r))
                    {
                        counter.Add(StoredValues.Bits(this, r));
                        values++;
                    }
                }
                break;
        }
        return values;
    }

    /// <summary>A text field's place as <see cref="Spans"/> holds it.</summary>
    public static long Span(int location, int length) => ((long)location << 32) | (uint)length;

}
