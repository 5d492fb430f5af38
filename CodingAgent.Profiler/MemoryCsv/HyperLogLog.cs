using System.Numerics;

namespace CodingAgent.Profiler;

/// <summary>
/// An approximate distinct count of 64-bit values (HyperLogLog with 2^14 registers: about 1 % off), for the columns
/// whose distinct count DuckDB's profile approximates too (its approx_count_distinct): each value costs a hash and a
/// register update instead of a hash table of every value.
/// </summary>
internal sealed class HyperLogLog
{
    private const int Bits = 14;
    private const int Registers = 1 << Bits;
    private readonly byte[] _registers = new byte[Registers];

    public void Add(long value)
    {
        // splitmix64's finalizer: every bit of the value reaches every bit of the hash
        var h = (ulong)value;
        h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9UL;
        h = (h ^ (h >> 27)) * 0x94d049bb133111ebUL;
        h ^= h >> 31;
        var register = (int)(h >> (64 - Bits));
        var rank = (byte)(BitOperations.LeadingZeroCount((h << Bits) | (1UL << (Bits - 1))) + 1);
        if (rank > _registers[register])
        {
            _registers[register] = rank;
        }
    }

    /// <summary>The estimate: the harmonic mean of the registers, or linear counting while many are still empty.</summary>
    public long Count()
    {
        var sum = 0.0;
        var empty = 0;
        foreach (var rank in _registers)
        {
            sum += Math.ScaleB(1.0, -rank);
            empty += rank == 0 ? 1 : 0;
        }
        var alpha = 0.7213 / (1 + 1.079 / Registers);
        var estimate = alpha * Registers * Registers / sum;
        if (estimate <= 2.5 * Registers && empty > 0)
        {
            estimate = Registers * Math.Log((double)Registers / empty);
        }
        return (long)Math.Round(estimate);
    }
}
