using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>The files panel in Chromium: two uploads at once with progress, cancel, preview, delete with confirmation, chips on a question.</summary>
public sealed class FilesBrowserTests : IAsyncLifetime
{
    private const long LargeBytes = 48L * 1024 * 1024;
    private readonly BrowserApp _app = new(new Dictionary<string, string?> { ["Files:MaxUploadMb"] = "100" });

    public Task InitializeAsync() => _app.InitializeAsync();

    /// <summary>A CSV of about <paramref name="bytes"/> bytes, written to disk line by line.</summary>
    private static async Task<string> WriteCsvAsync(string path, long bytes)
    {
        await using var file = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        await file.WriteAsync("id,amount,region\n");
        for (long i = 0, written = 0; written < bytes; i++)
        {
            var line = $"{i},{i % 997}.25,{(i % 3 == 0 ? "north" : "south")}\n";
            await file.WriteAsync(line);
            written += line.Length;
        }
        return path;
    }

    private ILocator FileItem(IPage page, string name) =>
        page.Locator("[data-testid=file-item]").Filter(new() { Has = page.Locator("[data-testid=file-download]", new() { HasTextString = name }) });

    [Fact]
    public async Task Two_files_upload_at_once_with_progress_then_one_is_previewed_and_the_other_deleted_after_confirmation()
    {
        Directory.CreateDirectory(_app.DataDirectory);
        var large = await WriteCsvAsync(Path.Combine(_app.DataDirectory, "large.csv"), LargeBytes);
        var small = Path.Combine(_app.DataDirectory, "regions.csv");
        await File.WriteAllTextAsync(small, "region,target\nnorth,120\nsouth,95.5\n");
        _app.Model.Play("regions.csv", new TextTurn("There are two regions."));
        var page = await _app.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(_app.BaseUrl + "/");
        await BrowserApp.WaitUntilUploadsReadyAsync(page);
        // every progress value the page shows, recorded as the DOM changes (the upload may be quick on loopback)
        await page.EvaluateAsync("""
            () => {
              window.seenProgress = [];
              new MutationObserver(() => document.querySelectorAll("[data-testid=upload-progress]")
                .forEach(e => window.seenProgress.push(Number(e.dataset.percent))))
                .observe(document.body, { subtree: true, childList: true, attributes: true });
            }
            """);
        // uploads are throttled to 24 MB/s in the page so that progress is visible; the circuit is a WebSocket, not throttled
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 24 * 1024 * 1024,
        });

        await page.Locator("[data-testid=drop-zone] input[type=file]").SetInputFilesAsync([large, small]);

        await Assertions.Expect(page.Locator("[data-testid=upload]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=upload-progress]").First).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/s/[0-9a-f-]{36}$"));
        await Screenshots.SaveAsync(page, "files-upload-progress");
        await Assertions.Expect(page.Locator("[data-testid=upload][data-status=done]")).ToHaveCountAsync(2, new() { Timeout = 120_000 });
        var seen = await page.EvaluateAsync<double[]>("() => window.seenProgress");
        Assert.Contains(seen, p => p is > 0 and < 100);
        await Assertions.Expect(FileItem(page, "large.csv")).ToContainTextAsync("48 MB");
        await Assertions.Expect(FileItem(page, "regions.csv").Locator("[data-testid=file-version]")).ToHaveTextAsync("v1");
        await Assertions.Expect(FileItem(page, "regions.csv").Locator("[data-testid=file-time]")).ToHaveTextAsync("just now");

        // a file named in a question is attached to it
        await BrowserApp.AskAsync(page, "Which regions are in regions.csv?");
        await Assertions.Expect(page.Locator("[data-testid=file-chip]")).ToHaveTextAsync("regions.csv");
        await Assertions.Expect(page.Locator("[data-testid=assistant-message]")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Screenshots.SaveAsync(page, "files-chip-on-question");

        await FileItem(page, "regions.csv").Locator("[data-testid=file-preview]").ClickAsync();
        var table = page.Locator("[data-testid=preview-table]");
        await Assertions.Expect(table).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(table.Locator("[data-testid=preview-column]")).ToHaveTextAsync(["region", "target"]);
        await Assertions.Expect(table.Locator("[data-testid=preview-dtype]")).ToHaveTextAsync(["object", "float64"]);
        await Assertions.Expect(table.Locator("[data-testid=preview-row]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=preview-summary]")).ToContainTextAsync("2 rows");
        await Screenshots.SaveAsync(page, "files-preview");
        await page.Locator("[data-testid=preview-close]").ClickAsync();
        await Assertions.Expect(table).ToHaveCountAsync(0);

        await FileItem(page, "large.csv").Locator("[data-testid=file-delete]").ClickAsync();
        var confirm = page.Locator(".mud-dialog", new() { HasTextString = "Delete file?" });
        await Assertions.Expect(confirm).ToContainTextAsync("large.csv");
        await Screenshots.SaveAsync(page, "files-delete-confirmation");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Assertions.Expect(FileItem(page, "large.csv")).ToHaveCountAsync(0);
        await Assertions.Expect(FileItem(page, "regions.csv")).ToHaveCountAsync(1);
        var session = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        using var client = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var files = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions/{session}/files")).RootElement;
        Assert.Equal(["regions.csv"], files.EnumerateArray().Select(f => f.GetProperty("name").GetString()));

        // cancelling an upload in flight: the request is aborted and the server keeps nothing
        await page.Locator("[data-testid=clear-uploads]").ClickAsync();
        await page.Locator("[data-testid=drop-zone] input[type=file]").SetInputFilesAsync(large);
        // (2 s of sending at 24 MB/s, which may start late on a busy machine)
        await Assertions.Expect(page.Locator("[data-testid=upload][data-status=sending]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.Locator("[data-testid=upload-cancel]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=upload]")).ToHaveAttributeAsync("data-status", "cancelled");
        files = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions/{session}/files")).RootElement;
        Assert.Equal(["regions.csv"], files.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Empty(errors);
    }

    public Task DisposeAsync() => _app.DisposeAsync();
}
