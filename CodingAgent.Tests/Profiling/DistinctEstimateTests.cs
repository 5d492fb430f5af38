using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// <see cref="DistinctEstimate"/>: the distinct values a column likely holds from a probe of its first rows, which sizes
/// the memory profile's hash tables (a wrong estimate only costs a table's growth or some memory, never a count).
/// </summary>
public sealed class DistinctEstimateTests
{
    [Theory]
    [InlineData(20_000)]
    [InlineData(5_000)]
    [InlineData(500)]
    [InlineData(12)]
    public void A_probe_of_uniform_values_estimates_how_many_there_are(int values)
    {
        var random = new Random(values);
        var probe = Enumerable.Range(0, DistinctEstimate.ProbeRows).Select(_ => random.Next(values)).ToList();

        var estimate = DistinctEstimate.Of(probe.Count, probe.Distinct().Count(), 1_000_000);

        // within a fifth of the truth, and a little above it rather than below (a table that need not grow)
        Assert.InRange(estimate, values * 0.95, Math.Max(16, values * 1.3));
    }

    [Fact]
    public void A_probe_of_distinct_values_estimates_a_value_per_row() =>
        Assert.Equal(130_000, DistinctEstimate.Of(2_000, 2_000, 130_000));

    [Theory]
    [InlineData(0, 0, 100)]
    [InlineData(2_000, 1, 0)]
    public void An_empty_probe_or_table_gets_the_smallest_table(int probed, int distinct, int rows) =>
        Assert.Equal(16, DistinctEstimate.Of(probed, distinct, rows));

    [Fact]
    public void The_estimate_never_exceeds_the_rows() =>
        Assert.Equal(3_000, DistinctEstimate.Of(2_000, 1_990, 3_000));

    [Theory]
    [InlineData(20_736, 0.15, 0.3)]
    [InlineData(500_000, 0.8, 1.0)]
    [InlineData(40, 0, 0.01)]
    public void A_probe_of_uniform_values_estimates_the_share_of_rows_holding_a_value_of_their_own(int values, double low, double high)
    {
        var random = new Random(values);
        var probe = Enumerable.Range(0, DistinctEstimate.ProbeRows).Select(_ => random.Next(values)).ToList();

        var share = DistinctEstimate.DistinctShare(probe.Count, probe.Distinct().Count(), 100_000);

        Assert.InRange(share, low, high);
    }

    [Fact]
    public void A_probe_of_distinct_values_estimates_that_every_row_holds_a_value_of_its_own() =>
        Assert.Equal(1.0, DistinctEstimate.DistinctShare(2_000, 2_000, 100_000));
}
