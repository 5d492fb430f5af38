using Bunit;
using CodingAgent.Web.Components.Chat;
using CodingAgent.Web.Tables;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <summary>The table grid over a 1,000,000-row table: what it shows and the queries its controls ask.</summary>
public sealed class TableArtifactTests : BunitContext
{
    private readonly RecordingTablePages _pages = new();

    public TableArtifactTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ITablePages>(_pages);
    }

    private IRenderedComponent<TableArtifact> RenderTable()
    {
        var cut = Render<TableArtifact>(p => p.Add(x => x.ArtifactId, Guid.NewGuid()));
        cut.WaitForAssertion(() => Assert.Equal(100, cut.FindAll("tbody tr").Count));
        return cut;
    }

    [Fact]
    public void The_first_page_shows_the_row_count_and_formatted_cells_with_numbers_right_aligned()
    {
        var cut = RenderTable();

        Assert.Contains("Rows 1–100 of 1,000,000", cut.Find("[data-testid=table-range]").TextContent);
        Assert.Equal(new TableQuery(0, 100), _pages.Queries.Single());
        var cells = cut.FindAll("tbody tr")[10].QuerySelectorAll("td");
        Assert.Equal(["11", "10", "item-10", "7,919", "2020-01-01 00:10:00", "", "true"], cells.Select(c => c.TextContent));
        Assert.Equal(["ca-num ca-rownum", "ca-num", "", "ca-num", "", "", ""], cells.Select(c => c.ClassName ?? ""));
    }

    [Fact]
    public async Task Clicking_a_header_sorts_ascending_then_descending_then_not_at_all_from_the_first_row()
    {
        var cut = RenderTable();
        await cut.Find("[data-testid=table-next]").ClickAsync(new());

        await cut.Find("[data-testid=sort-2]").ClickAsync(new());
        await cut.Find("[data-testid=sort-2]").ClickAsync(new());
        await cut.Find("[data-testid=sort-2]").ClickAsync(new());

        Assert.Equal(
            [(0, null, false), (100, null, false), (0, "value", false), (0, "value", true), (0, null, false)],
            _pages.Queries.Select(q => (q.Offset, q.Sort, q.Descending)));
        Assert.Equal("none", cut.FindAll("th[aria-sort]")[2].GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task Jumping_to_row_900000_shows_it_first_and_highlighted()
    {
        var cut = RenderTable();

        cut.Find("[data-testid=table-jump-input]").Change("900,000");
        await cut.Find("[data-testid=table-jump]").SubmitAsync();

        Assert.Equal(899_999, _pages.Queries[^1].Offset);
        cut.WaitForAssertion(() => Assert.Contains("Rows 900,000–900,099 of 1,000,000", cut.Find("[data-testid=table-range]").TextContent));
        var first = cut.FindAll("tbody tr")[0];
        Assert.Equal("900000", first.GetAttribute("data-row"));
        Assert.Contains("ca-row-jumped", first.ClassName);
        Assert.Equal("899,999", first.QuerySelectorAll("td")[1].TextContent);
    }

    [Fact]
    public async Task A_filter_box_filters_its_column_and_the_downloads_follow_the_view()
    {
        var cut = RenderTable();

        await cut.Find("[data-testid=filter-2]").ChangeAsync(new() { Value = "> 5" });
        await cut.Find("[data-testid=sort-0]").ClickAsync(new());

        Assert.Equal([new TableFilter("value", TableFilterOperator.Gt, "5")], _pages.Queries[^1].Filters);
        Assert.Contains("Rows 1–100 of 1,234 (filtered from 1,000,000)", cut.Find("[data-testid=table-range]").TextContent);
        Assert.EndsWith("/content?format=csv&sort=id&desc=false&filter=value%3Agt%3A5", cut.Find("[data-testid=table-download-csv]").GetAttribute("href"));
        Assert.EndsWith("/content?format=xlsx&sort=id&desc=false&filter=value%3Agt%3A5", cut.Find("[data-testid=table-download-xlsx]").GetAttribute("href"));
    }

    [Fact]
    public async Task Text_that_is_not_a_number_in_a_numeric_filter_is_explained_and_asks_nothing()
    {
        var cut = RenderTable();

        await cut.Find("[data-testid=filter-2]").ChangeAsync(new() { Value = "> five" });

        Assert.Single(_pages.Queries);
        Assert.Contains("'five' is not a number", cut.Find("[data-testid=table-error]").TextContent);
        Assert.Equal(100, cut.FindAll("tbody tr").Count);
    }
}
