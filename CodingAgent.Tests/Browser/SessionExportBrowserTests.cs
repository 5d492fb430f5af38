using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>Exporting a session from the chat page in Chromium: the notebook and the HTML report, opened offline.</summary>
public sealed class SessionExportBrowserTests : IAsyncLifetime
{
    private readonly BrowserApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    [Fact]
    public async Task Analyst_downloads_a_valid_notebook_and_a_report_that_draws_its_chart_offline_without_running_the_answers_markup()
    {
        ExportScenario.Play(_app.Model);
        await using var context = await _app.Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_app.BaseUrl + "/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await BrowserApp.AskAsync(page, ExportScenario.Question);
        await Assertions.Expect(page.Locator("[data-testid=assistant-message]")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        var chatUrl = page.Url;

        var notebook = await DownloadAsync(page, "export-ipynb");

        Assert.Equal(ExportScenario.FileStem + ".ipynb", Path.GetFileName(notebook));
        await Nbformat.AssertValidAsync(notebook);
        using (var json = JsonDocument.Parse(await File.ReadAllBytesAsync(notebook)))
        {
            var chart = json.RootElement.GetProperty("cells").EnumerateArray()
                .SelectMany(c => c.TryGetProperty("outputs", out var outputs) ? outputs.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Single(o => o.TryGetProperty("data", out var data) && data.TryGetProperty("application/vnd.plotly.v1+json", out _));
            Assert.Equal("bar", chart.GetProperty("data").GetProperty("application/vnd.plotly.v1+json").GetProperty("data")[0].GetProperty("type").GetString());
        }
        Assert.Equal(chatUrl, page.Url);

        var report = await DownloadAsync(page, "export-html");
        Assert.Equal(ExportScenario.FileStem + ".html", Path.GetFileName(report));

        // the report opened as a file, offline: its chart is drawn by the embedded plotly.js, and nothing of the data runs
        var reader = await context.NewPageAsync();
        var dialogs = new List<string>();
        var violations = new List<string>();
        var errors = new List<string>();
        reader.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        reader.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) { violations.Add(message.Text); } };
        reader.PageError += (_, error) => errors.Add(error);
        await reader.GotoAsync(new Uri(report).AbsoluteUri);

        await Assertions.Expect(reader.Locator(".ca-chart .main-svg").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(reader.Locator(".ca-chart .barlayer .trace")).ToHaveCountAsync(1);
        await Assertions.Expect(reader.Locator(".question")).ToHaveTextAsync(ExportScenario.Question);
        await Assertions.Expect(reader.Locator(".answer")).ToContainTextAsync("<script>alert(1)</script> <img src=x onerror=alert(2)>");
        await Assertions.Expect(reader.Locator(".answer strong")).ToHaveTextAsync("up");
        await Assertions.Expect(reader.Locator("td", new() { HasText = "<b>north</b>" })).ToHaveCountAsync(1);
        await Assertions.Expect(reader.Locator("img[src^='data:image/png;base64,']")).ToHaveCountAsync(1);
        Assert.Equal(0, await reader.Locator(".answer script, .answer img, .answer a").CountAsync());
        await Screenshots.SaveAsync(reader, "export-html-report-offline");
        Assert.Empty(dialogs);
        Assert.Empty(violations);
        Assert.Empty(errors);
    }

    /// <summary>Opens the page's export menu, clicks one entry, and saves the download under its suggested name.</summary>
    private async Task<string> DownloadAsync(IPage page, string item)
    {
        await page.Locator("button[aria-label='Export this session']").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid={item}]")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "export-menu-open-" + item);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-testid={item}]").ClickAsync());
        var path = Path.Combine(_app.DataDirectory, "downloads", download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return path;
    }

    public Task DisposeAsync() => _app.DisposeAsync();
}
