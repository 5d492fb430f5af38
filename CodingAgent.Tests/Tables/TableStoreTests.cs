using CodingAgent.Web.Tables;

namespace CodingAgent.Tests.Tables;

/// <summary>The query store on a generated 1,000,000-row table: pages anywhere, sort, the filter grammar. Results, never times.</summary>
public sealed class TableStoreTests(MillionRowTable table) : IClassFixture<MillionRowTable>
{
    private static TableFilter Filter(string text) => TableFilterParser.Parse(text, GeneratedTable.Columns);

    private async Task<TableRows> QueryAsync(TableQuery query) => await table.Table.QueryAsync(query, CancellationToken.None);

    private static long Id(object?[] row) => (long)row[0]!;

    [Fact]
    public async Task Every_row_of_a_million_row_table_is_reachable_by_offset()
    {
        Assert.Equal(1_000_000, table.Table.RowCount);
        Assert.Equal(1_000_000, table.Table.StoredRowCount);

        var page = await QueryAsync(new TableQuery(900_000, 5));
        Assert.Equal([900_000L, 900_001, 900_002, 900_003, 900_004], page.Rows.Select(Id));
        Assert.Equal(table.Expected[900_000], page.Rows[0]);
        Assert.Equal(1_000_000, page.MatchedRowCount);

        Assert.Equal([999_998L, 999_999], (await QueryAsync(new TableQuery(999_998, 10))).Rows.Select(Id));
        Assert.Empty((await QueryAsync(new TableQuery(1_000_000, 10))).Rows);
    }

    [Fact]
    public async Task Cells_come_back_typed_as_the_kernel_wrote_them()
    {
        var row = (await QueryAsync(new TableQuery(10, 1))).Rows[0];

        Assert.Equal([10L, "item-10", 10 * 7919 % 1_000_003 / 10.0, "2020-01-01T00:10:00.000", null, true], row);
    }

    [Fact]
    public async Task Sorting_orders_all_rows_and_keeps_row_order_among_equal_values()
    {
        var byValueDescending = table.Expected.OrderByDescending(r => (double)r[2]!).Select(Id).ToList();
        Assert.Equal(byValueDescending.Take(3), (await QueryAsync(new TableQuery(0, 3, "value", Descending: true))).Rows.Select(Id));
        Assert.Equal(byValueDescending.Skip(900_000).Take(4), (await QueryAsync(new TableQuery(900_000, 4, "value", Descending: true))).Rows.Select(Id));

        // nulls first, then a, b, c; equal values in row order
        var byCategory = await QueryAsync(new TableQuery(99_998, 4, "cat"));
        Assert.Equal([null, null, "a", "a"], byCategory.Rows.Select(r => r[4]));
        Assert.Equal([999_980L, 999_990, 3, 6], byCategory.Rows.Select(Id));
    }

    [Theory]
    [InlineData("id:ge:999995")]
    [InlineData("name:startswith:=")]
    [InlineData("name:contains:ITEM-99999")]
    [InlineData("cat:isnull")]
    [InlineData("cat:notnull")]
    [InlineData("value:gt:50000.5")]
    [InlineData("value:le:3")]
    [InlineData("when:ge:2021-01-01")]
    [InlineData("flag:eq:false")]
    [InlineData("cat:ne:a")]
    [InlineData("name:endswith:_1")]
    public async Task A_filter_keeps_exactly_the_rows_it_describes(string filter)
    {
        var expected = table.Expected.Where(Predicate(filter)).Select(Id).ToList();

        var page = await QueryAsync(new TableQuery(0, 1000, Filters: [Filter(filter)]));

        Assert.Equal(expected.Count, page.MatchedRowCount);
        Assert.Equal(expected.Take(1000), page.Rows.Select(Id));
    }

    [Fact]
    public async Task Filters_combine_and_the_download_reads_every_matching_row_in_the_sort_order()
    {
        var filters = new[] { Filter("cat:eq:a"), Filter("flag:eq:true"), Filter("id:lt:500000") };
        var expected = table.Expected.Where(r => (string?)r[4] == "a" && (bool)r[5]! && (long)r[0]! < 500_000)
            .OrderByDescending(r => (double)r[2]!).Select(Id).ToList();

        Assert.Equal(expected.Count, await table.Table.CountAsync(filters, CancellationToken.None));
        var all = new List<long>();
        await foreach (var row in table.Table.ReadAllAsync("value", descending: true, filters, CancellationToken.None))
        {
            all.Add(Id(row));
        }
        Assert.Equal(expected, all);
    }

    [Theory]
    [InlineData("price:gt:5", "Unknown column")]
    [InlineData("value:between:5", "Unknown filter operator")]
    [InlineData("value:gt:five", "Invalid number")]
    [InlineData("value:gt:1,000", "Invalid number")]
    [InlineData("flag:eq:maybe", "Invalid filter")]
    [InlineData("cat:isnull:x", "Invalid filter")]
    [InlineData("value", "Invalid filter")]
    public void A_bad_filter_is_refused_with_a_reason(string filter, string title)
    {
        var refusal = Assert.Throws<TableQueryException>(() => Filter(filter));

        Assert.Equal(title, refusal.Title);
    }

    [Fact]
    public void A_column_name_may_hold_a_colon_and_a_value_may_too()
    {
        var columns = new[] { new TableColumn("a", "object"), new TableColumn("a:b", "object") };

        Assert.Equal(new TableFilter("a:b", TableFilterOperator.Eq, "10:30"), TableFilterParser.Parse("a:b:eq:10:30", columns));
        Assert.Equal(new TableFilter("a", TableFilterOperator.Contains, "x:y"), TableFilterParser.Parse("a:contains:x:y", columns));
    }

    [Fact]
    public async Task A_sort_on_an_unknown_column_is_refused()
    {
        var refusal = await Assert.ThrowsAsync<TableQueryException>(() => QueryAsync(new TableQuery(0, 10, "price")));

        Assert.Equal("Unknown column", refusal.Title);
    }

    [Fact]
    public async Task Another_instance_or_a_lost_cache_builds_the_same_store_from_the_blob_store()
    {
        var other = table.NewStore();
        var reopened = (await other.OpenAsync(table.Artifact, CancellationToken.None))!;

        Assert.Equal(1_000_000, reopened.StoredRowCount);
        Assert.Equal(table.Expected[123_456], (await reopened.QueryAsync(new TableQuery(123_456, 1), CancellationToken.None)).Rows[0]);
    }

    private static Func<object?[], bool> Predicate(string filter) => filter switch
    {
        "id:ge:999995" => r => (long)r[0]! >= 999_995,
        "name:startswith:=" => r => ((string)r[1]!).StartsWith('='),
        "name:contains:ITEM-99999" => r => ((string)r[1]!).Contains("item-99999", StringComparison.Ordinal),
        "cat:isnull" => r => r[4] is null,
        "cat:notnull" => r => r[4] is not null,
        "value:gt:50000.5" => r => (double)r[2]! > 50_000.5,
        "value:le:3" => r => (double)r[2]! <= 3,
        "when:ge:2021-01-01" => r => string.CompareOrdinal((string)r[3]!, "2021-01-01") >= 0,
        "flag:eq:false" => r => !(bool)r[5]!,
        "cat:ne:a" => r => (string?)r[4] != "a",
        "name:endswith:_1" => r => ((string)r[1]!).EndsWith("_1", StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };
}
