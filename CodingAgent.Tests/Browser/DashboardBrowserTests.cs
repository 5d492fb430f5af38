using System.Text;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>Pinning a chart from the conversation and refreshing its dashboard after a new version of its file, in Chromium.</summary>
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private readonly BrowserApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    [Fact]
    public async Task A_pinned_chart_shows_the_new_data_after_a_new_file_version_and_a_refresh()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var session = await client.CreateSessionAsync();
        await client.UploadAsync(session, "amounts.csv", Encoding.UTF8.GetBytes("region,amount\nnorth,1\nsouth,2\n"));
        _app.Model.Play("chart the amounts",
            new ToolCallTurn("import pandas as pd\nimport plotly.express as px\ndf = pd.read_csv('amounts.csv')"),
            new ToolCallTurn("fig = px.bar(df, x='region', y='amount', title='Amounts by region')\nfig.show()"),
            new TextTurn("Here are the amounts by region."));
        var page = await _app.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync($"{_app.BaseUrl}/sessions/{session}");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await BrowserApp.AskAsync(page, "chart the amounts");
        await Assertions.Expect(page.Locator("[data-testid=assistant-message]")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".ca-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // pin it to a new dashboard
        await page.Locator("[data-testid=artifact][data-kind=chart] [data-testid=pin-button]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("Pin to a dashboard");
        await dialog.Locator("input[data-testid=pin-new-name], [data-testid=pin-new-name] input").FillAsync("Regional sales");
        await Assertions.Expect(dialog.Locator("input[data-testid=pin-title], [data-testid=pin-title] input")).ToHaveValueAsync("Amounts by region");
        await Screenshots.SaveAsync(page, "dashboard-pin-dialog");
        await dialog.Locator("[data-testid=pin-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Pinned to Regional sales");

        // the sidebar leads to the dashboards, and the list to this one
        await page.Locator("[data-testid=dashboards-link]").ClickAsync();
        await page.Locator("[data-testid=dashboard-link]", new() { HasText = "Regional sales" }).ClickAsync();
        var tile = page.Locator("[data-testid=dashboard-tile]");
        await Assertions.Expect(tile.Locator("[data-testid=tile-title]")).ToHaveTextAsync("Amounts by region");
        await Assertions.Expect(tile.Locator(".xtick text")).ToHaveTextAsync(["north", "south"], new() { Timeout = 30_000 });
        Assert.Matches("/dashboards/[0-9a-f-]{36}$", page.Url);

        await client.UploadAsync(session, "amounts.csv", Encoding.UTF8.GetBytes("region,amount\nnorth,5\nsouth,2\neast,9\n"));
        await page.Locator("[data-testid=dashboard-refresh]").ClickAsync();

        await Assertions.Expect(tile.Locator(".xtick text")).ToHaveTextAsync(["north", "south", "east"], new() { Timeout = 60_000 });
        await Assertions.Expect(tile.Locator("[data-testid=tile-computed]")).ToHaveTextAsync("Computed just now");
        await Assertions.Expect(tile.Locator("[data-testid=tile-error]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=dashboard-refresh]")).ToBeEnabledAsync();
        Assert.Empty(errors);
        await Screenshots.SaveAsync(page, "dashboard-after-refresh");
    }

    public Task DisposeAsync() => _app.DisposeAsync();
}
