using System.Globalization;
using System.Text;
using CodingAgent.Core.Profiling;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// Text columns whose values repeat are profiled from a GROUP BY of their values in long tables: the profile (every
/// count, finding, bin and top value) is the one the per-row wide pass gives.
/// </summary>
public sealed class GroupedTextPassTests : IDisposable
{
    private readonly ProfilerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Text_columns_profiled_from_their_groups_give_the_profile_of_the_per_row_pass()
    {
        var text = new StringBuilder("id,price,qty,ordered,note\n");
        for (var i = 1; i <= 3_000; i++)
        {
            var price = i % 250 == 0 ? "N/A" : i % 301 == 0 ? "about 5" : i % 997 == 0 ? "\"$99,000.00\"" : i % 89 == 0 ? $"\" ${i % 700}.25 \"" : $"\"${i % 700 * 3:N0}.{i % 100:00}\"";
            var qty = i % 97 == 0 ? "-" : i % 113 == 0 ? "null" : i % 401 == 0 ? "lots" : (i % 500).ToString(CultureInfo.InvariantCulture);
            var ordered = i % 50 == 0 ? $"{i % 28 + 1:00}/{i % 12 + 1:00}/2024" : i % 733 == 0 ? "soon" : $"2024-{i % 12 + 1:00}-{i % 28 + 1:00}";
            var note = i % 61 == 0 ? "none" : i % 41 == 0 ? $" word {i % 600}" : $"word {i % 600}";
            text.Append(CultureInfo.InvariantCulture, $"{i},{price},{qty},{ordered},{note}\n");
        }
        var path = _fixture.Write("orders.csv", text.ToString());

        var perRow = await ProfileAsync(path, groupedTextFromRows: long.MaxValue);
        var grouped = await ProfileAsync(path, groupedTextFromRows: 0);

        Assert.Equal(ProfileStatuses.Ready, grouped.Status);
        Assert.Equal(
            [FindingKinds.DateFormats, FindingKinds.MixedTypes, FindingKinds.NullMarkers, FindingKinds.NumericText, FindingKinds.Outliers, FindingKinds.Whitespace],
            grouped.Findings.Select(f => f.Kind).Distinct().Order(StringComparer.Ordinal));
        var columns = perRow.Tables.Single().Columns.Zip(grouped.Tables.Single().Columns).ToList();
        foreach (var (row, group) in columns)
        {
            Assert.Equal(row.Mean is null, group.Mean is null);
            Assert.Equal(row.Mean ?? 0, group.Mean ?? 0, 1e-9);
            Assert.Equal(row.Std ?? 0, group.Std ?? 0, 1e-9);
        }
        // the same JSON but for the mean and deviation (sums in another order may differ in their last digits)
        Assert.Equal(ProfilerFixture.JsonWithoutSums(perRow), ProfilerFixture.JsonWithoutSums(grouped));
        Assert.Contains(grouped.Tables.Single().Columns, c => c.Name == "note" && c.Top.Count > 0 && c.Nulls > 0);
    }

    [Fact]
    public async Task A_text_column_s_most_frequent_value_counts_even_when_it_first_appears_after_the_sample()
    {
        // the first rows (the type inference's sample) hold 5,000 words 20 times each; "late" fills the rows after them
        var text = new StringBuilder("id,note\n");
        for (var i = 1; i <= ColumnTypeInference.SampleRows + 30_000; i++)
        {
            var word = i <= ColumnTypeInference.SampleRows ? $"word {i % 5_000}" : "late";
            text.Append(CultureInfo.InvariantCulture, $"{i},{word}\n");
        }
        var path = _fixture.Write("late.csv", text.ToString());

        var profile = await ProfileAsync(path, groupedTextFromRows: 0);

        var note = profile.Tables.Single().Columns.Single(c => c.Name == "note");
        Assert.Equal(new TopValue("late", 30_000), note.Top[0]);
        Assert.Equal(ProfileLimits.TopValues, note.Top.Count);
        Assert.All(note.Top.Skip(1), t => Assert.Equal(20, t.Count));
    }

    private async Task<FileProfile> ProfileAsync(string path, long groupedTextFromRows) =>
        await new FileProfiler(new ProfilerSettings(512, 1, _fixture.Scratch, groupedTextFromRows, MemoryCsvUpToBytes: 0)).ProfileAsync(path, Path.GetFileName(path), null, CancellationToken.None);
}
