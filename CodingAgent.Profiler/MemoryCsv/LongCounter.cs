using System.Runtime.CompilerServices;

namespace CodingAgent.Profiler;

/// <summary>Rows per distinct 64-bit value (integers, dates, the bits of doubles): an open-addressing hash table, each value next to its count.</summary>
internal sealed class LongCounter
{
    private Entry[] _entries;
    private int _mask;

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

    /// <summary>Distinct values.</summary>
    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long key, long rows = 1)
    {
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

    /// <summary>Every value with its rows, in no order.</summary>
    public IEnumerable<(long Key, long Rows)> Entries()
    {
        for (var at = 0; at < _entries.Length; at++)
        {
            if (_entries[at].Rows != 0)
            {
                yield return (_entries[at].Key, _entries[at].Rows);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(long key)
    {
        var h = (ulong)key * 0x9E3779B97F4A7C15UL;
        return (int)(h >> 32) & _mask;
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
