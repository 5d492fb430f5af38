using System.Text;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>
/// Profiling and cleaning in Chromium on the real app: the confined profiler, the session's sandbox and SQLite, with
/// nothing scripted but the file.
/// </summary>
public sealed class ProfileEndToEndBrowserTests : IAsyncLifetime
{
    private readonly BrowserApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task An_uploaded_file_is_profiled_and_its_money_text_cleaned_into_version_2_from_the_page()
    {
        var csv = new StringBuilder("order_id,region,amount\n");
        for (var i = 1; i <= 60; i++)
        {
            csv.Append(i).Append(',').Append(new[] { "North", "South", "East" }[i % 3]).Append(",\"$").Append((1000 + i + 0.25).ToString("N2", System.Globalization.CultureInfo.InvariantCulture)).Append("\"\n");
        }
        using var client = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var session = await client.CreateSessionAsync();
        (await client.UploadAsync(session, "sales.csv", Encoding.UTF8.GetBytes(csv.ToString()))).EnsureSuccessStatusCode();
        await using var context = await _app.Browser.NewContextAsync(new() { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_app.BaseUrl}/s/{session}");
        await BrowserApp.WaitUntilUploadsReadyAsync(page);

        var item = page.Locator("[data-testid=file-item]", new() { HasTextString = "sales.csv" });
        await Assertions.Expect(item.Locator("[data-testid=profile-findings]")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await item.GetByRole(AriaRole.Button, new() { Name = "Profile and clean sales.csv" }).ClickAsync();
        var dialog = page.Locator("[data-testid=profile-dialog]");
        var amount = dialog.Locator("[data-testid=column-card]", new() { HasTextString = "amount" });
        await Assertions.Expect(amount.Locator("[data-testid=column-type]")).ToContainTextAsync("decimal");
        await Screenshots.SaveAsync(page, "profile-real-dialog");

        var finding = dialog.Locator("[data-testid=finding]", new() { HasTextString = "numeric text" });
        await finding.Locator("input[type=checkbox]").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Preview on sample" }).ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=sample-after] [data-testid=preview-row]").First).ToContainTextAsync("1001.25", new() { Timeout = 120_000 });
        await Screenshots.SaveAsync(page, "profile-real-preview");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=cleaning-saved]")).ToHaveTextAsync("Saved as version 2", new() { Timeout = 120_000 });
        await Screenshots.SaveAsync(page, "profile-real-cleaned");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(item.Locator("[data-testid=file-version]")).ToHaveTextAsync("v2");
        Assert.Contains("1001.25", await client.GetStringAsync($"/api/sessions/{session}/files/sales.csv"), StringComparison.Ordinal);
    }
}
