using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>Distinct hashes counted bucket by bucket are those a set of all of them holds.</summary>
public sealed class DistinctHashesTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(700, 3)]
    [InlineData(100_000, 2)]
    [InlineData(1_300_000, 7)]
    public void Count_is_the_number_of_different_hashes(int count, int repeats)
    {
        var random = new Random(count);
        var distinct = Enumerable.Range(0, count / repeats + 1).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray();
        var hashes = Enumerable.Range(0, count).Select(_ => distinct[random.Next(distinct.Length)]).ToArray();

        Assert.Equal(hashes.Distinct().Count(), DistinctHashes.Count(hashes));
    }

    [Fact]
    public void Zero_and_the_extremes_count_once_each_in_any_number()
    {
        long[] hashes = [0, long.MinValue, long.MaxValue, -1, 1, 0, long.MinValue, 0, long.MaxValue, -1];

        Assert.Equal(5, DistinctHashes.Count(hashes));
    }

    [Fact]
    public void Hashes_that_share_their_top_bits_all_count()
    {
        // one bucket for all: its set grows to hold them
        var hashes = Enumerable.Range(1, 50_000).Select(i => (0x7F3L << 52) | (long)i * 7919).ToArray();

        Assert.Equal(50_000, DistinctHashes.Count([.. hashes, .. hashes]));
    }
}
