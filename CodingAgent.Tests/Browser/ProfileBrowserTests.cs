using System.Text;
using CodingAgent.Core.Profiling;
using CodingAgent.Tests.Components.Profiles;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>
/// The profile status and the profile dialog in Chromium, under the app's real CSP, in light and dark mode. The
/// profiles are scripted (the fake replaces the app's IFileProfiles), so this tests the page, not the profiler.
/// </summary>
public sealed class ProfileBrowserTests : IAsyncLifetime
{
    private readonly FakeFileProfiles _profiles = new();
    private readonly BrowserApp _app;

    public ProfileBrowserTests()
    {
        _profiles.Returns("sales.csv", ProfileSamples.Sales());
        _profiles.Preview = _ => ProfileSamples.SamplePreview("df[\"region\"] = df[\"region\"].str.strip()");
        _profiles.Clean = _ => new CleaningResult("sales.csv", 2, "df[\"region\"] = df[\"region\"].str.strip()", ProfileSamples.CleanedSales());
        _app = new BrowserApp(services: s => s.AddSingleton<IFileProfiles>(_profiles));
    }

    public Task InitializeAsync() => _app.InitializeAsync();

    private async Task<(IPage Page, List<string> Problems)> OpenSessionAsync(IBrowserContext context)
    {
        using var client = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var session = await client.CreateSessionAsync();
        (await client.UploadAsync(session, "sales.csv", Encoding.UTF8.GetBytes("order_id,amount,region\n1,\"$1,234.50\", North\n"))).EnsureSuccessStatusCode();
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) { problems.Add(message.Text); } };
        page.PageError += (_, error) => problems.Add(error);
        await page.GotoAsync($"{_app.BaseUrl}/s/{session}");
        // the sidebar (and its prerendered profile status) is live only once its upload input is wired
        await BrowserApp.WaitUntilUploadsReadyAsync(page);
        return (page, problems);
    }

    [Fact]
    public async Task A_file_shows_its_findings_and_its_profile_is_cleaned_from_the_dialog_without_breaking_the_content_policy()
    {
        await using var context = await _app.Browser.NewContextAsync(new() { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var (page, problems) = await OpenSessionAsync(context);

        var item = page.Locator("[data-testid=file-item]", new() { HasTextString = "sales.csv" });
        await Assertions.Expect(item.Locator("[data-testid=profile-findings]")).ToHaveTextAsync("3");
        await Screenshots.SaveAsync(page, "profile-status-in-file-list");
        await item.GetByRole(AriaRole.Button, new() { Name = "Profile and clean sales.csv" }).ClickAsync();

        var dialog = page.Locator("[data-testid=profile-dialog]");
        await Assertions.Expect(dialog.Locator("[data-testid=column-card]")).ToHaveCountAsync(4);
        await Assertions.Expect(dialog.Locator("[data-testid=column-card]", new() { HasTextString = "amount" }).Locator("[data-testid=sparkline-bar]")).ToHaveCountAsync(5);
        await Screenshots.SaveAsync(page, "profile-dialog");

        await dialog.GetByLabel("region has values with leading or trailing spaces.").CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Preview on sample" }).ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=sample-after] [data-testid=preview-row]")).ToHaveCountAsync(4);
        await Screenshots.SaveAsync(page, "profile-cleaning-preview");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=cleaning-saved]")).ToHaveTextAsync("Saved as version 2");
        await Assertions.Expect(dialog.Locator("[data-testid=compare-findings]")).ToHaveTextAsync("findings: 3 → 1");
        await Screenshots.SaveAsync(page, "profile-cleaned");
        Assert.Equal([["whitespace:sales:region"]], _profiles.Cleaned);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task In_dark_mode_the_dialog_is_dark_with_light_text_and_works_from_the_keyboard()
    {
        await using var context = await _app.Browser.NewContextAsync(new() { ColorScheme = ColorScheme.Dark, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var (page, problems) = await OpenSessionAsync(context);

        await page.GetByRole(AriaRole.Button, new() { Name = "Profile and clean sales.csv" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var card = page.Locator("[data-testid=column-card]").First;
        await Assertions.Expect(card).ToBeVisibleAsync();
        var apply = page.GetByRole(AriaRole.Button, new() { Name = "Apply" });
        await Assertions.Expect(apply).ToBeDisabledAsync();
        await page.GetByLabel("2 rows repeat an earlier row.").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByLabel("2 rows repeat an earlier row.")).ToBeCheckedAsync();
        await Assertions.Expect(apply).ToBeEnabledAsync();

        Assert.InRange(await LuminanceAsync(card, "backgroundColor"), 0, 0.3);
        Assert.InRange(await LuminanceAsync(card, "color"), 0.7, 1);
        var code = page.Locator(".ca-finding-code").First;
        Assert.InRange(await LuminanceAsync(code, "backgroundColor"), 0, 0.35);
        Assert.InRange(await LuminanceAsync(code, "color"), 0.7, 1);
        await Screenshots.SaveAsync(page, "profile-dialog-dark");
        Assert.Empty(problems);
    }

    /// <summary>The relative luminance (0 black … 1 white) of a computed colour of the element.</summary>
    private static Task<double> LuminanceAsync(ILocator element, string property) => element.EvaluateAsync<double>("""
        (e, p) => {
          const [r, g, b] = getComputedStyle(e)[p].match(/\d+/g).map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }
        """, property);

    public Task DisposeAsync() => _app.DisposeAsync();
}
