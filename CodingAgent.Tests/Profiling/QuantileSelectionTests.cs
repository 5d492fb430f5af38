using CodingAgent.Profiler;
using DuckDB.NET.Data;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// <see cref="QuantileSelection"/> against the values sorted (and against DuckDB's own <c>quantile_cont</c>): random
/// values with and without ties, sorted, reversed, all equal, organ pipes and sizes around the point where a range is
/// sorted rather than partitioned.
/// </summary>
public sealed class QuantileSelectionTests
{
    private static readonly double[] _levels = [0.05, 0.25, 0.5, 0.75, 0.95];

    public static TheoryData<string> Shapes => ["random", "ties", "sorted", "reversed", "equal", "organ pipe", "two values", "sawtooth"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Quantiles_by_selection_are_those_of_the_sorted_values(string shape)
    {
        var random = new Random(shape.Length * 7919);
        foreach (var n in new[] { 1, 2, 3, 15, 16, 17, 100, 1_001, 65_537 })
        {
            var values = Values(shape, n, random);
            var expected = Reference(values, _levels);

            var actual = QuantileSelection.QuantileCont(values.ToArray(), _levels);

            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(1_001)]
    [InlineData(65_537)]
    public void Quantiles_of_counted_integers_are_those_of_the_sorted_values(int n)
    {
        var random = new Random(n);
        var values = Enumerable.Range(0, n).Select(_ => (long)random.Next(-40, 60)).ToArray();
        var counts = new int[100];
        foreach (var value in values)
        {
            counts[value + 40]++;
        }

        var actual = QuantileSelection.QuantileCont(counts, -40, n, _levels);

        Assert.Equal(Reference([.. values.Select(v => (double)v)], _levels), actual);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1_001)]
    [InlineData(65_537)]
    public void Quantiles_of_counted_distinct_values_are_those_of_the_sorted_values(int n)
    {
        var random = new Random(n + 1);
        var values = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 30 - 10, 1)).ToArray();
        var counted = values.GroupBy(v => v).OrderBy(g => g.Key).ToList();

        var actual = QuantileSelection.QuantileCont([.. counted.Select(g => g.Key)], [.. counted.Select(g => (long)g.Count())], n, _levels);

        Assert.Equal(Reference(values, _levels), actual);
    }

    [Theory]
    [InlineData("prices", 100_000)]
    [InlineData("signed", 50_001)]
    [InlineData("wide", 4_096)]
    public void Bucket_selection_of_spread_values_finds_the_values_at_the_wanted_positions(string shape, int n)
    {
        var random = new Random(n);
        var values = Enumerable.Range(0, n).Select(_ => shape switch
        {
            "prices" => random.Next(500_000) / 100.0,
            "signed" => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 6)),
            _ => random.NextDouble() * Math.Pow(2, random.Next(-200, 200)) * (random.Next(2) == 0 ? -1 : 1),
        }).ToArray();
        var sorted = values.Order().ToArray();
        int[] wanted = [0, 1, n / 20, n / 4, n / 2, n / 2 + 1, 3 * n / 4, n - 2, n - 1];

        var at = QuantileSelection.BucketSelect(values, wanted);

        Assert.NotNull(at);
        Assert.Equal(wanted.Select(k => sorted[k]), at);
    }

    [Fact]
    public void Bucket_selection_leaves_values_crowded_into_few_buckets_to_the_quickselect() =>
        Assert.Null(QuantileSelection.BucketSelect([.. Enumerable.Range(0, 10_000).Select(i => 1_000.0 + i % 7)], [0, 5_000, 9_999]));

    [Fact]
    public void Quantiles_by_selection_are_DuckDBs_quantile_cont()
    {
        var values = Values("ties", 5_000, new Random(11));
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE v (x DOUBLE)";
            command.ExecuteNonQuery();
        }
        using (var appender = connection.CreateAppender("v"))
        {
            foreach (var value in values)
            {
                appender.CreateRow().AppendValue(value).EndRow();
            }
        }
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT quantile_cont(x, [0.05, 0.25, 0.5, 0.75, 0.95]) FROM v";
        var duckdb = ((System.Collections.IEnumerable)query.ExecuteScalar()!).Cast<double>().ToList();

        Assert.Equal(duckdb, QuantileSelection.QuantileCont(values, _levels));
    }

    private static double[] Values(string shape, int n, Random random) => shape switch
    {
        "random" => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1000 - 500)],
        "ties" => [.. Enumerable.Range(0, n).Select(_ => (double)random.Next(0, 20) / 4)],
        "sorted" => [.. Enumerable.Range(0, n).Select(i => (double)i)],
        "reversed" => [.. Enumerable.Range(0, n).Select(i => (double)(n - i))],
        "equal" => [.. Enumerable.Repeat(3.5, n)],
        "organ pipe" => [.. Enumerable.Range(0, n).Select(i => (double)Math.Min(i, n - i))],
        "two values" => [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.0 : 1.0)],
        _ => [.. Enumerable.Range(0, n).Select(i => (double)(i % 37))],
    };

    /// <summary>quantile_cont from the sorted values: lo × (1 − d) + hi × d around (n − 1) × q.</summary>
    private static List<double> Reference(double[] values, double[] levels)
    {
        var sorted = values.Order().ToArray();
        return [.. levels.Select(q =>
        {
            var position = (sorted.Length - 1) * q;
            var (below, above) = ((int)Math.Floor(position), (int)Math.Ceiling(position));
            return below == above ? sorted[below] : sorted[below] * (1.0 - (position - below)) + sorted[above] * (position - below);
        })];
    }
}
