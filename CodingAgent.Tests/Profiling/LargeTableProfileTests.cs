using System.Globalization;
using System.Text;
using CodingAgent.Core.Profiling;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// Tables longer than the type inference's sample (the first 100,000 rows): what the profile plans from the sample
/// (histogram ranges, likely keys) still accounts for every row.
/// </summary>
public sealed class LargeTableProfileTests : IDisposable
{
    private const int Rows = 120_000;
    private readonly ProfilerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Values_beyond_the_samples_range_fall_into_the_end_bins_whose_edges_are_the_columns_extremes()
    {
        var text = new StringBuilder("id,amount\n");
        for (var i = 1; i <= Rows; i++)
        {
            // the first 100,000 rows hold 100..199; later rows go down to 5 and up to 1000
            var value = i <= 100_000 ? 100 + i % 100 : i % 2 == 0 ? 1000 : 5;
            text.Append(CultureInfo.InvariantCulture, $"{i},{value}\n");
        }

        var profile = await _fixture.ProfileAsync(_fixture.Write("late_range.csv", text.ToString()));

        var amount = profile.Tables.Single().Columns.Single(c => c.Name == "amount");
        var bins = amount.Histogram!;
        Assert.Equal(ProfileLimits.HistogramBins, bins.Count);
        Assert.Equal(Rows, bins.Sum(b => b.Count));
        Assert.Equal("5", bins[0].From);
        Assert.Equal("1000", bins[^1].To);
        // the sample's 100 values spread over 20 bins (5 values of 1,000 rows each) and the 10,000 rows beyond each end
        Assert.Equal(5_000 + 10_000, bins[0].Count);
        Assert.Equal(5_000 + 10_000, bins[^1].Count);
        // few values: counted exactly, the two beyond the sample included
        Assert.Equal(102, amount.Distinct);
        Assert.Equal([("1000", 10_000L), ("5", 10_000L)], amount.Top.Take(2).Select(t => (t.Value, t.Count)));
    }

    [Fact]
    public async Task Duplicate_rows_past_the_sample_are_counted_when_the_likely_key_repeats()
    {
        var text = new StringBuilder("id,city\n");
        for (var i = 1; i <= Rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},c{i % 7}\n");
        }
        // two copies of earlier rows, after the sample
        text.Append("5,c5\n200,c4\n");

        var profile = await _fixture.ProfileAsync(_fixture.Write("late_duplicates.csv", text.ToString()));

        var table = profile.Tables.Single();
        Assert.Equal(Rows + 2, table.Rows);
        Assert.Equal(2, table.DuplicateRows);
        Assert.Equal(2, Assert.Single(profile.Findings, f => f.Kind == FindingKinds.DuplicateRows).Rows);
        Assert.Equal(2, Assert.Single(profile.Findings, f => f.Kind == FindingKinds.KeyViolation).Rows);
    }

    [Fact]
    public async Task A_likely_key_with_a_value_of_its_own_in_every_row_means_no_duplicate_rows()
    {
        var text = new StringBuilder("id,city\n");
        for (var i = 1; i <= Rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},c{i % 7}\n");
        }

        var profile = await _fixture.ProfileAsync(_fixture.Write("unique_key.csv", text.ToString()));

        Assert.Equal(0, profile.Tables.Single().DuplicateRows);
        Assert.DoesNotContain(profile.Findings, f => f.Kind is FindingKinds.DuplicateRows or FindingKinds.KeyViolation);
    }

    [Fact]
    public async Task Stored_numbers_whose_values_repeat_get_their_exact_distinct_count_and_the_whole_tables_top_values()
    {
        // the first 100,000 rows (the sample) cycle through 1,000 values (100 rows each); past them 40,000 values of
        // their own and 40,000 rows of 5000, which the sample never saw and which is the most frequent value of the table
        var text = new StringBuilder("id,code\n");
        var row = 0;
        for (var i = 0; i < 100_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{++row},{i % 1000}\n");
        }
        for (var i = 0; i < 40_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{++row},{10_000 + i}\n{++row},5000\n");
        }

        var profile = await _fixture.ProfileAsync(_fixture.Write("repeating_codes.csv", text.ToString()));

        var code = profile.Tables.Single().Columns.Single(c => c.Name == "code");
        Assert.Equal(ColumnTypes.Integer, code.Type);
        Assert.Equal(1_000 + 40_000 + 1, code.Distinct);
        Assert.Equal(("5000", 40_000L), (code.Top[0].Value, code.Top[0].Count));
        Assert.Equal(100, code.Top[1].Count);
        Assert.Equal(180_000, code.Histogram!.Sum(b => b.Count));
    }

    [Fact]
    public async Task Stored_numbers_with_more_values_past_the_sample_than_a_group_by_may_return_are_profiled_by_the_wide_pass()
    {
        // 100 values in the sample, then 210,000 values of their own: more groups than the GROUP BY keeps
        var text = new StringBuilder("id,reading\n");
        var row = 0;
        for (var i = 0; i < 100_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{++row},{i % 100}.5\n");
        }
        for (var i = 0; i < 210_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{++row},{1_000 + i}.25\n");
        }

        var profile = await _fixture.ProfileAsync(_fixture.Write("many_readings.csv", text.ToString()));

        var reading = profile.Tables.Single().Columns.Single(c => c.Name == "reading");
        Assert.Equal(ColumnTypes.Decimal, reading.Type);
        // the wide pass's approximate count (HyperLogLog: within a few percent)
        Assert.InRange(reading.Distinct, 210_100 * 0.95, 210_100 * 1.05);
        Assert.Equal(310_000, reading.Histogram!.Sum(b => b.Count));
        Assert.Equal(0.5, reading.Min?.GetDouble());
        Assert.Equal(210_999.25, reading.Max?.GetDouble());
    }

    [Fact]
    public async Task A_profile_cancelled_before_its_per_column_passes_stops_them_all_and_leaves_no_scratch()
    {
        var text = new StringBuilder("id,price,qty,city\n");
        for (var i = 1; i <= Rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},\"${i % 900:N0}.50\",{i % 30},c{i % 7}\n");
        }
        var path = _fixture.Write("cancelled.csv", text.ToString());
        using var cancellation = new CancellationTokenSource();

        // the profile reports 0.625 once the sample's quantiles are known, before the passes over every row
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new FileProfiler(new ProfilerSettings(512, 2, _fixture.Scratch))
            .ProfileAsync(path, "cancelled.csv", new CancellingProgress(cancellation, 0.6), cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_fixture.Scratch));
        // the file profiles as before afterwards
        Assert.Equal(ProfileStatuses.Ready, (await _fixture.ProfileAsync(path)).Status);
    }
}
