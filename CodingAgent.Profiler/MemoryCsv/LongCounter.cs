using System.Runtime.CompilerServices;

namespace CodingAgent.Profiler;

/// <summary>
/// Rows per distinct 64-bit value (integers, dates, the bits of doubles): an open-addressing hash table, each value next
/// to its count; or, for integers known to lie in a narrow range (<see cref="ForRange"/>), one count a value of the range
/// (no hashing, no probing, a few hundred kilobytes read in order), turned into the hash table by a value outside it;
/// or, for doubles that are whole hundredths (or tenths…) in a narrow range (<see cref="ForScaledRange"/>), one count a
/// hundredth of the range, turned into the hash table by a double that is not one of them.
/// </summary>
internal sealed class LongCounter
{
    private Entry[] _entries;
    private int _mask;
    private long[]? _dense;
    private long _low;

    /// <summary>What a double of the range is multiplied by to be a whole number of it (0: the range is of integers).</summary>
    private double _scale;

    public LongCounter(int capacity = 256)
    {
        var size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }
        _entries = PagedIn.Zeroed<Entry>(size);
        _mask = size - 1;
    }

    /// <summary>A counter of integers from <paramref name="low"/> to <paramref name="high"/> (a range of at most <see cref="Array.MaxLength"/> values), one count each.</summary>
    public static LongCounter ForRange(long low, long high)
    {
        var counter = new LongCounter(0)
        {
            _dense = PagedIn.Zeroed<long>((int)(high - low + 1)),
            _low = low,
        };
        return counter;
    }

    /// <summary>
    /// A counter of doubles whose every value <c>v</c> is <c>k / scale</c> for a whole <c>k</c> from <paramref name="low"/>
    /// to <paramref name="high"/> (doubles given by their bits, as to <see cref="Add"/>), one count each; a double that is
    /// not one of them (nor −0, whose bits differ from 0's) turns it into the hash table. Its keys are the doubles' bits,
    /// as the hash table's are.
    /// </summary>
    /// <param name="scale">10, 100, 1,000…; <c>k / scale</c> is the double the key's bits are (checked value by value).</param>
    public static LongCounter ForScaledRange(long low, long high, double scale)
    {
        var counter = ForRange(low, high);
        counter._scale = scale;
        return counter;
    }

    private int _count;

    /// <summary>Whether a range's counts changed since <see cref="Count"/> counted them (a range counts its values when asked, not value by value).</summary>
    private bool _countStale;

    /// <summary>Distinct values.</summary>
    public int Count
    {
        get
        {
            if (_countStale)
            {
                // (the range's counts that are not 0)
                _count = _dense!.Length - _dense.AsSpan().Count(0L);
                _countStale = false;
            }
            return _count;
        }
        private set => _count = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long key, long rows = 1)
    {
        if (_dense is { } dense)
        {
            // (wrapping: a value below the range is far above it)
            var offset = _scale == 0 ? (ulong)(key - _low) : ScaledOffset(key, dense.Length);
            if (offset < (ulong)dense.Length)
            {
                // (the values are counted when asked: a branch on the first sight of each mispredicts as often as values are new)
                dense[(int)offset] += rows;
                _countStale = true;
                return;
            }
            Hashed();
        }
        var entries = _entries;
        var at = Slot(key);
        while (true)
        {
            ref var entry = ref entries[at];
            if (entry.Rows == 0)
            {
                entry.Key = key;
                entry.Rows = rows;
                if (++_count * 2 > entries.Length)
                {
                    Grow();
                }
                return;
            }
            if (entry.Key == key)
            {
                entry.Rows += rows;
                return;
            }
            at = (at + 1) & _mask;
        }
    }

    /// <summary>Where a double (its bits) counts in a scaled range, or past the range when it is not one of its values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ScaledOffset(long bits, int length)
    {
        var value = BitConverter.Int64BitsToDouble(bits);
        var whole = Math.Round(value * _scale);
        // (NaN and infinities fail the comparisons; −0 would come back as 0)
        return whole >= _low && whole < _low + (double)length && whole / _scale == value && bits != long.MinValue
            ? (ulong)((long)whole - _low)
            : ulong.MaxValue;
    }

    /// <summary>The key of a range's count: the integer, or the bits of the double.</summary>
    private long KeyAt(int offset) => _scale == 0 ? _low + offset : BitConverter.DoubleToInt64Bits((_low + offset) / _scale);

    /// <summary>Every value with its rows, in no order (in a range's order while it counts one).</summary>
    public IEnumerable<(long Key, long Rows)> Entries()
    {
        if (_dense is { } dense)
        {
            for (var offset = 0; offset < dense.Length; offset++)
            {
                if (dense[offset] != 0)
                {
                    yield return (KeyAt(offset), dense[offset]);
                }
            }
            yield break;
        }
        for (var at = 0; at < _entries.Length; at++)
        {
            if (_entries[at].Rows != 0)
            {
                yield return (_entries[at].Key, _entries[at].Rows);
            }
        }
    }

    /// <summary>Writes every value and its rows (<see cref="Count"/> of them, in the order <see cref="Entries"/> gives) into the arrays.</summary>
    public void CopyTo(long[] keys, long[] rows)
    {
        var at = 0;
        if (_dense is { } dense)
        {
            for (var offset = 0; offset < dense.Length; offset++)
            {
                if (dense[offset] != 0)
                {
                    (keys[at], rows[at]) = (KeyAt(offset), dense[offset]);
                    at++;
                }
            }
            return;
        }
        foreach (var entry in _entries)
        {
            if (entry.Rows != 0)
            {
                (keys[at], rows[at]) = (entry.Key, entry.Rows);
                at++;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(long key)
    {
        var h = (ulong)key * 0x9E3779B97F4A7C15UL;
        return (int)(h >> 32) & _mask;
    }

    /// <summary>From one count a value of the range to the hash table (a value outside the range came).</summary>
    private void Hashed()
    {
        var distinct = Count;
        var dense = _dense!;
        var keys = new long[dense.Length];
        for (var offset = 0; offset < dense.Length; offset++)
        {
            keys[offset] = dense[offset] == 0 ? 0 : KeyAt(offset);
        }
        _dense = null;
        var size = 16;
        while (size < distinct * 4)
        {
            size <<= 1;
        }
        _entries = PagedIn.Zeroed<Entry>(size);
        _mask = size - 1;
        Count = 0;
        for (var offset = 0; offset < dense.Length; offset++)
        {
            if (dense[offset] != 0)
            {
                Add(keys[offset], dense[offset]);
            }
        }
    }

    private void Grow()
    {
        var old = _entries;
        _entries = PagedIn.Zeroed<Entry>(old.Length * 2);
        _mask = _entries.Length - 1;
        Count = 0;
        foreach (var entry in old)
        {
            if (entry.Rows != 0)
            {
                Add(entry.Key, entry.Rows);
            }
        }
    }

    private struct Entry
    {
        public long Key;
        public long Rows;
    }
}
