using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>Squared deviations merged piece by piece are those of all the values at once.</summary>
public sealed class SquaredDeviationsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Pieces_merged_give_the_two_pass_sum_of_all_values(int pieces)
    {
        var random = new Random(pieces);
        var values = Enumerable.Range(0, 1_000).Select(_ => 1e6 + random.NextDouble() * 100).ToArray();
        var merged = new SquaredDeviations();

        foreach (var piece in values.Chunk(values.Length / pieces + 1).Append([]))
        {
            var mean = piece.Length == 0 ? 0 : piece.Average();
            merged.Add(piece.Length, mean, piece.Sum(v => (v - mean) * (v - mean)));
        }

        var all = values.Average();
        var expected = values.Sum(v => (v - all) * (v - all));
        Assert.Equal(expected, merged.Sum, expected * 1e-12);
    }
}
