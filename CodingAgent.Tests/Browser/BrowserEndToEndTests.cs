using System.Net.Http.Json;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>What an analyst does, end to end, in Chromium against the real app (<see cref="BrowserApp"/>).</summary>
public sealed class BrowserEndToEndTests : IAsyncLifetime
{
    private readonly BrowserApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    [Fact]
    public async Task Analyst_drops_a_csv_asks_for_the_trend_and_sees_steps_stream_and_an_interactive_chart()
    {
        var (csv, _) = SalesData.Create();
        var csvPath = Path.Combine(_app.DataDirectory, "sales.csv");
        Directory.CreateDirectory(_app.DataDirectory);
        await File.WriteAllBytesAsync(csvPath, csv);
        _app.Model.Play("monthly revenue trend for 2023",
            new ToolCallTurn("df = pd.read_csv('sales.csv')\ndf['Revenue']"),
            new ToolCallTurn(SalesData.MonthlyTrendCode, "The column is lower case; fixing."),
            new TextTurn("Revenue in 2023 is shown month by month in the **chart**."));
        var page = await _app.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(_app.BaseUrl + "/");
        await BrowserApp.WaitUntilUploadsReadyAsync(page);
        await page.Locator("[data-testid=drop-zone] input[type=file]").SetInputFilesAsync(csvPath);
        try
        {
            await Assertions.Expect(page.Locator("[data-testid=file-item]")).ToContainTextAsync("sales.csv");
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "browser-e2e-failure.png") });
            throw;
        }
        await BrowserApp.AskAsync(page, "Show me the monthly revenue trend for 2023");

        var answer = page.Locator("[data-testid=assistant-message]");
        await Assertions.Expect(answer).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        // the failed first attempt is folded under the step that fixed it
        await Assertions.Expect(page.Locator("[data-testid=step]")).ToHaveCountAsync(1);
        await page.Locator("[data-testid=fixed-attempts-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=step]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=step-error]")).ToContainTextAsync("KeyError");
        await Assertions.Expect(page.Locator(".ca-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".ca-chart .scatterlayer .trace")).ToHaveCountAsync(1);
        await Assertions.Expect(answer.Locator(".ca-markdown strong")).ToHaveTextAsync("chart");
        Assert.Matches("/s/[0-9a-f-]{36}$", page.Url);

        // reopening the session (a new tab) shows the same conversation from the database
        var again = await _app.Browser.NewPageAsync();
        await again.GotoAsync(page.Url);
        await again.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(again.Locator("[data-testid=user-message]")).ToHaveTextAsync("Show me the monthly revenue trend for 2023");
        await Assertions.Expect(again.Locator(".ca-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Empty(errors);
        await Screenshots.SaveAsync(page, "chat-chart-and-table");
    }

    [Fact]
    public async Task A_running_answer_shows_in_a_second_tab_and_stop_cancels_it()
    {
        _app.Model.Play("count slowly",
            new ToolCallTurn("import time\nprint('started', flush=True)\ntime.sleep(60)"));
        var page = await _app.Browser.NewPageAsync();
        await page.GotoAsync(_app.BaseUrl + "/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await BrowserApp.AskAsync(page, "count slowly");
        await Assertions.Expect(page.Locator("[data-testid=step-stdout]")).ToContainTextAsync("started", new() { Timeout = 30_000 });

        // a second tab on the same session replays the live run
        var second = await _app.Browser.NewPageAsync();
        await second.GotoAsync(page.Url);
        await second.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(second.Locator("[data-testid=step-stdout]")).ToContainTextAsync("started");
        await Assertions.Expect(second.Locator("[data-testid=assistant-message]")).ToHaveAttributeAsync("data-status", "running");

        await page.Locator("[data-testid=cancel]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=assistant-message]")).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = 30_000 });
        await Assertions.Expect(second.Locator("[data-testid=assistant-message]")).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=assistant-message] [data-testid=stopped]")).ToHaveTextAsync("Stopped — variables kept.");
        await Assertions.Expect(page.Locator("[data-testid=send]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Code_from_the_model_cannot_reach_the_apps_own_port()
    {
        var port = new Uri(_app.BaseUrl).Port;
        _app.Model.Play("call the app itself", new ToolCallTurn($$"""
            import socket
            try:
                socket.create_connection(("127.0.0.1", {{port}}), timeout=2)
                print("CONNECTED")
            except OSError as e:
                print("refused", type(e).__name__)
            """), new TextTurn("ok"));
        using var client = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        Assert.Equal("ok", (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/healthz")).GetProperty("status").GetString());
        var session = await client.CreateSessionAsync();

        var events = await client.QueryAsync(session, "call the app itself");

        var stdout = events.Stdout();
        Assert.Contains("refused ConnectionRefusedError", stdout);
        Assert.DoesNotContain("CONNECTED", stdout);
    }

    [Fact]
    public async Task Without_a_model_the_page_says_how_to_configure_one()
    {
        await using var factory = new UnconfiguredFactory(_app.DataDirectory + "-nomodel");
        var url = BrowserApp.StartOnLoopback(factory);
        var page = await _app.Browser.NewPageAsync();

        await page.GotoAsync(url);

        await Assertions.Expect(page.Locator("[data-testid=model-help]")).ToContainTextAsync("OPENAI_API_KEY");
    }

    private sealed class UnconfiguredFactory(string data) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            builder.UseSetting("CODINGAGENT_DATA_DIR", data);
            builder.UseSetting("Llm:Endpoint", "");
            builder.UseSetting("Llm:ApiKey", "");
            builder.UseSetting("OPENAI_API_KEY", "");
            builder.UseSetting("OPENAI_BASE_URL", "");
        }
    }

    public Task DisposeAsync() => _app.DisposeAsync();
}
