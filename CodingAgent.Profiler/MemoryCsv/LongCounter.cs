using System.Runtime.CompilerServices;

namespace CodingAgent.Profiler;

/// <summary>
/// Rows per distinct 64-bit value (integers, dates, the bits of doubles): an open-addressing hash table, each value next
/// to its count; or, for integers known to lie in a narrow range (<see cref="ForRange"/>), one count a value of the range
/// (no hashing, no probing, a few hundred kilobytes read in order), turned into the hash table by a value outside it.
/// </summary>
internal sealed class LongCounter
{
    private Entry[] _entries;
    private int _mask;
    private long[]? _dense;
    private long _low;

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

    /// <summary>Distinct values.</summary>
    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long key, long rows = 1)
    {
        if (_dense is { } dense)
        {
            // (wrapping: a value below the range is far above it)
            var offset = (ulong)(key - _low);
            if (offset < (ulong)dense.Length)
            {
                ref var count = ref dense[(int)offset];
                if (count == 0)
                {
                    Count++;
                }
                count += rows;
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
                if (++Count * 2 > entries.Length)
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

    /// <summary>Every value with its rows, in no order (in a range's order while it counts one).</summary>
    public IEnumerable<(long Key, long Rows)> Entries()
    {
        if (_dense is { } dense)
        {
            for (var offset = 0; offset < dense.Length; offset++)
            {
                if (dense[offset] != 0)
                {
                    yield return (_low + offset, dense[offset]);
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
                    (keys[at], rows[at]) = (_low + offset, dense[offset]);
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
        var dense = _dense!;
        _dense = null;
        var size = 16;
        while (size < Count * 4)
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
                Add(_low + offset, dense[offset]);
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
