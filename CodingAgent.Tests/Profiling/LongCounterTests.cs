using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// <see cref="LongCounter"/> counts the same rows per value whether it hashes or counts a range, and a range's counter
/// that meets a value outside its range (above, below, or far below: the subtraction wraps) goes on as a hash table.
/// </summary>
public sealed class LongCounterTests
{
    [Fact]
    public void A_range_counter_counts_as_the_hash_table_counts_and_lists_its_values_in_order()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 20_000).Select(_ => (long)random.Next(-300, 700)).ToList();
        var hashed = new LongCounter(16);
        var ranged = LongCounter.ForRange(-300, 699);

        foreach (var value in values)
        {
            hashed.Add(value);
            ranged.Add(value);
        }

        Assert.Equal(values.Distinct().Count(), ranged.Count);
        Assert.Equal(hashed.Count, ranged.Count);
        Assert.Equal(hashed.Entries().OrderBy(e => e.Key), ranged.Entries());
        Assert.Equal(values.GroupBy(v => v).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count())), ranged.Entries());
    }

    [Theory]
    [InlineData(1_000L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue + 1)]
    [InlineData(long.MaxValue)]
    public void A_value_outside_the_range_turns_the_counter_into_a_hash_table_that_keeps_every_count(long outside)
    {
        var counter = LongCounter.ForRange(0, 99);
        for (var value = 0L; value < 100; value++)
        {
            counter.Add(value, value + 1);
        }

        counter.Add(outside);
        counter.Add(outside, 2);
        counter.Add(42);

        Assert.Equal(101, counter.Count);
        var counts = counter.Entries().ToDictionary(e => e.Key, e => e.Rows);
        Assert.Equal(3, counts[outside]);
        Assert.Equal(44, counts[42]);
        Assert.Equal(Enumerable.Range(0, 100).Sum(v => v + 1L) + 1 + 3, counts.Values.Sum());
    }

    [Fact]
    public void A_scaled_range_counts_hundredths_as_the_hash_table_counts_their_bits()
    {
        var random = new Random(9);
        var values = Enumerable.Range(0, 20_000).Select(_ => random.Next(-5_000, 20_000) / 100.0).ToList();
        var hashed = new LongCounter(16);
        var scaled = LongCounter.ForScaledRange(-5_000, 19_999, 100);

        foreach (var value in values)
        {
            hashed.Add(BitConverter.DoubleToInt64Bits(value));
            scaled.Add(BitConverter.DoubleToInt64Bits(value));
        }

        Assert.Equal(values.Distinct().Count(), scaled.Count);
        Assert.Equal(hashed.Entries().OrderBy(e => BitConverter.Int64BitsToDouble(e.Key)), scaled.Entries());
        var keys = new long[scaled.Count];
        var rows = new long[scaled.Count];
        scaled.CopyTo(keys, rows);
        Assert.Equal(scaled.Entries(), keys.Zip(rows));
    }

    [Theory]
    [InlineData(0.005)]
    [InlineData(-0.0)]
    [InlineData(200.0)]
    [InlineData(double.PositiveInfinity)]
    public void A_double_that_is_not_a_hundredth_of_the_range_turns_the_scaled_counter_into_a_hash_table_that_keeps_every_count(double outside)
    {
        var counter = LongCounter.ForScaledRange(0, 9_999, 100);
        for (var k = 0; k < 10_000; k += 7)
        {
            counter.Add(BitConverter.DoubleToInt64Bits(k / 100.0), k % 3 + 1);
        }
        var before = counter.Entries().ToList();

        counter.Add(BitConverter.DoubleToInt64Bits(outside));
        counter.Add(BitConverter.DoubleToInt64Bits(0.07));

        var counts = counter.Entries().ToDictionary(e => e.Key, e => e.Rows);
        Assert.Equal(before.Count + 1, counter.Count);
        Assert.Equal(1, counts[BitConverter.DoubleToInt64Bits(outside)]);
        Assert.Equal(2 + 1, counts[BitConverter.DoubleToInt64Bits(0.07)]);
        Assert.Equal(before.Sum(e => e.Rows) + 2, counts.Values.Sum());
        Assert.All(before, e => Assert.True(counts[e.Key] >= e.Rows));
    }
}
