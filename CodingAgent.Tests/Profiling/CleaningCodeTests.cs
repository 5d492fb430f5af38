using System.Globalization;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Tests.Profiling;

/// <summary>Every finding's pandas step, run with the host's real pandas on the fixture read as the profile says, fixes its problem.</summary>
public sealed class CleaningCodeTests : IDisposable
{
    private readonly ProfilerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task<(FileProfile Profile, IReadOnlyList<ProfileFinding> Findings, IReadOnlyList<PandasResult> Results)> CleanQualityFixtureAsync()
    {
        var path = _fixture.Write(QualityFixture.FileName, QualityFixture.Csv());
        var profile = await _fixture.ProfileAsync(path);
        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        var results = await Pandas.RunStepsAsync(path, profile.Tables[0], profile.Findings);
        return (profile, profile.Findings, results);
    }

    private static PandasResult After(IReadOnlyList<ProfileFinding> findings, IReadOnlyList<PandasResult> results, string kind, string? column)
    {
        var index = findings.ToList().FindIndex(f => f.Kind == kind && f.Column == column);
        Assert.True(index >= 0, $"no {kind} finding for {column}: " + string.Join(", ", findings.Select(f => f.Id)));
        return results[index];
    }

    [Fact]
    public async Task Every_kind_of_finding_is_found_with_its_rows_and_a_stable_id()
    {
        var (profile, findings, _) = await CleanQualityFixtureAsync();

        var expected = new Dictionary<string, long>
        {
            ["duplicate_rows:orders_2024:"] = 1,
            ["key_violation:orders_2024:order_id"] = 1,
            ["numeric_text:orders_2024:price"] = 40,
            ["null_markers:orders_2024:qty"] = 8,
            ["outliers:orders_2024:qty"] = 1,
            ["mixed_types:orders_2024:amount"] = 2,
            ["date_formats:orders_2024:ordered"] = 10,
            ["whitespace:orders_2024:city"] = 11,
            ["inconsistent_case:orders_2024:city"] = 22,
            ["constant_column:orders_2024:country"] = 40,
            ["mostly_empty:orders_2024:comment"] = 39,
        };
        Assert.Equal(expected.OrderBy(e => e.Key), findings.Select(f => KeyValuePair.Create(f.Id, f.Rows)).OrderBy(e => e.Key));
        Assert.Equal(FindingKinds.All.Order(), findings.Select(f => f.Kind).Distinct().Order());
        Assert.All(findings, f => Assert.Equal(QualityFixture.Table, f.Table));
        Assert.Null(findings.Single(f => f.Kind == FindingKinds.DuplicateRows).Column);
        Assert.Contains("8 rows of 'qty'", findings.Single(f => f.Kind == FindingKinds.NullMarkers).Message, StringComparison.Ordinal);
        Assert.Contains("clip", findings.Single(f => f.Kind == FindingKinds.Outliers).Message, StringComparison.Ordinal);

        var again = await _fixture.ProfileAsync(_fixture.PathOf(QualityFixture.FileName));
        Assert.Equal(findings.Select(f => (f.Id, f.Message, f.Code)), again.Findings.Select(f => (f.Id, f.Message, f.Code)));
        Assert.Equal(1, profile.Tables[0].DuplicateRows);
    }

    [Fact]
    public async Task Money_text_becomes_float_with_the_right_values()
    {
        var (_, findings, results) = await CleanQualityFixtureAsync();

        var price = After(findings, results, FindingKinds.NumericText, "price");
        Assert.Equal("float64", price.Dtype);
        Assert.Equal("1000.0", price.Values![0]);
        Assert.Equal("1037.5", price.Values![1]);
        Assert.Equal((1000 + 38 * 37.5).ToString("0.0", CultureInfo.InvariantCulture), price.Values![38]);
    }

    [Fact]
    public async Task Null_markers_become_missing_and_the_column_numeric()
    {
        var (_, findings, results) = await CleanQualityFixtureAsync();

        var qty = After(findings, results, FindingKinds.NullMarkers, "qty");
        Assert.Equal("float64", qty.Dtype);
        Assert.Equal(8, qty.Values!.Count(v => v is null));
        Assert.Null(qty.Values![3]);
        Assert.Null(qty.Values![7]);
        Assert.Equal("1.0", qty.Values![0]);
    }

    [Fact]
    public async Task Outliers_are_clipped_to_the_fences_and_the_rows_stay()
    {
        var (profile, findings, results) = await CleanQualityFixtureAsync();

        var qty = After(findings, results, FindingKinds.Outliers, "qty");
        Assert.Equal(40, qty.Rows);
        var values = qty.Values!.Where(v => v is not null).Select(v => double.Parse(v!, CultureInfo.InvariantCulture)).ToList();
        var column = profile.Tables[0].Columns.Single(c => c.Name == "qty");
        Assert.Equal([1, 2, 3, 4, 5], column.Top.Select(t => int.Parse(t.Value, CultureInfo.InvariantCulture)).Where(v => v <= 5).Order());
        Assert.True(values.Max() < 1000, "the outlier is clipped");
        Assert.Equal(values.Max(), double.Parse(qty.Values![20]!, CultureInfo.InvariantCulture));
        Assert.Equal("2.0", qty.Values![1]);
    }

    [Fact]
    public async Task Text_among_numbers_becomes_missing_and_the_column_numeric()
    {
        var (_, findings, results) = await CleanQualityFixtureAsync();

        var amount = After(findings, results, FindingKinds.MixedTypes, "amount");
        Assert.Equal("float64", amount.Dtype);
        Assert.Null(amount.Values![5]);
        Assert.Null(amount.Values![15]);
        Assert.Equal("6.0", amount.Values![4]);
    }

    [Fact]
    public async Task Dates_in_two_formats_are_parsed_into_one_datetime_column()
    {
        var (profile, findings, results) = await CleanQualityFixtureAsync();

        var column = profile.Tables[0].Columns.Single(c => c.Name == "ordered");
        Assert.Equal(ColumnTypes.Date, column.Type);
        Assert.Equal("%Y-%m-%d", column.DateFormat);
        var ordered = After(findings, results, FindingKinds.DateFormats, "ordered");
        Assert.StartsWith("datetime64", ordered.Dtype, StringComparison.Ordinal);
        Assert.DoesNotContain(null, ordered.Values!);
        Assert.Equal("2024-03-13", ordered.Values![0]);
        Assert.Equal("2024-03-02", ordered.Values![1]);
        Assert.Equal("2024-03-17", ordered.Values![4]);
    }

    [Fact]
    public async Task Whitespace_and_case_variants_are_unified()
    {
        var (_, findings, results) = await CleanQualityFixtureAsync();

        var stripped = After(findings, results, FindingKinds.Whitespace, "city");
        Assert.All(stripped.Values!, v => Assert.Equal(v!.Trim(), v));
        var unified = After(findings, results, FindingKinds.InconsistentCase, "city");
        Assert.Equal(["Berlin", "London", "Paris"], unified.Values!.Distinct().Order());
    }

    [Fact]
    public async Task Duplicate_rows_and_key_violations_are_dropped_keeping_the_first()
    {
        var (_, findings, results) = await CleanQualityFixtureAsync();

        var deduplicated = After(findings, results, FindingKinds.DuplicateRows, null);
        Assert.Equal(39, deduplicated.Rows);
        Assert.Equal(0, deduplicated.Duplicates);
        var keyed = After(findings, results, FindingKinds.KeyViolation, "order_id");
        Assert.Equal(39, keyed.Rows);
        Assert.Equal(39, keyed.Values!.Distinct().Count());
    }

    [Fact]
    public async Task Constant_and_mostly_empty_columns_are_dropped_and_all_steps_run_together()
    {
        var (_, findings, results) = await CleanQualityFixtureAsync();

        Assert.DoesNotContain("country", After(findings, results, FindingKinds.ConstantColumn, "country").Columns);
        Assert.DoesNotContain("comment", After(findings, results, FindingKinds.MostlyEmpty, "comment").Columns);
        var all = results[^1];
        Assert.Equal(39, all.Rows);
        Assert.Equal(0, all.Duplicates);
        Assert.Equal(["order_id", "price", "qty", "amount", "ordered", "city"], all.Columns);
    }
}
