using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel (127.0.0.1), the scripted model, and Debian's Chromium driven by Playwright.
/// Playwright never downloads a browser; it uses /usr/bin/chromium. <paramref name="services"/> may replace the app's services.
/// </summary>
public sealed class BrowserApp(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "codingagent-browser-" + Guid.NewGuid().ToString("N"));
    public ScriptedOpenAiServer Model { get; private set; } = null!;
    public CodingAgentFactory Factory { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The app's origin, <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Model = await ScriptedOpenAiServer.StartAsync();
        Factory = new CodingAgentFactory(DataDirectory, Model.BaseUrl, settings, services);
        BaseUrl = StartOnLoopback(Factory);
        _playwright = await Playwright.CreateAsync();
        // what the page shows after a round trip over its circuit, waited for as long as a busy 2-core machine (the
        // whole suite at once) may take: an expectation's own timeout, where one has it, still wins
        Assertions.SetDefaultExpectTimeout(20_000);
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Starts <paramref name="factory"/> on Kestrel at 127.0.0.1 and returns its origin.</summary>
    public static string StartOnLoopback(WebApplicationFactory<Program> factory)
    {
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        return factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    /// <summary>
    /// Waits until the page is live and its upload input is wired to uploads.js (the sidebar renders in the layout's
    /// drawer, a render after the page itself says it is interactive).
    /// </summary>
    public static async Task WaitUntilUploadsReadyAsync(IPage page)
    {
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.Locator("[data-testid=file-input][data-uploads-attached=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>Types a question into the chat input and sends it.</summary>
    public static async Task AskAsync(IPage page, string question)
    {
        await page.Locator("textarea[data-testid=chat-input], [data-testid=chat-input] textarea").First.FillAsync(question);
        await page.Locator("[data-testid=send]").ClickAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Factory.DisposeAsync();
        await Model.DisposeAsync();
        await AppData.DeleteAsync(DataDirectory);
    }
}
