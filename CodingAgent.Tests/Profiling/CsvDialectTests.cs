using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>The read_csv calls the dialect writes: the load names its reader buffer (a faster split of the file), the sniffer does not.</summary>
public sealed class CsvDialectTests
{
    [Fact]
    public void A_load_names_the_reader_buffer_and_a_sniff_leaves_it_to_duckdb()
    {
        var dialect = new CsvDialect(",", "\"", true, false, null, []);

        Assert.Contains($"buffer_size = {CsvDialect.LoadBufferBytes}", dialect.ReadCsv("/data/a.csv", load: true), StringComparison.Ordinal);
        Assert.DoesNotContain("buffer_size", dialect.ReadCsv("/data/a.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_line_sets_the_buffer_from_its_length_for_the_load_and_the_sniff_alike()
    {
        var dialect = new CsvDialect(",", "\"", true, false, 40L << 20, []);

        var load = dialect.ReadCsv("/data/a.csv", load: true);

        Assert.Contains($"max_line_size = {40L << 20}, buffer_size = {80L << 20}", load, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(load, "buffer_size"));
        Assert.Equal(load, dialect.ReadCsv("/data/a.csv"));
    }
}
