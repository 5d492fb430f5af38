using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>The page around the conversation, in Chromium: sessions sidebar, session URLs, phone layout, dark mode, favicon.</summary>
public sealed class WorkspaceShellBrowserTests : IAsyncLifetime
{
    private readonly BrowserApp _app = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
    }

    [Fact]
    public async Task Sidebar_searches_renames_deletes_with_undo_and_each_session_has_its_own_url()
    {
        _app.Model.Play("quarterly churn by cohort", new TextTurn("Cohort **2023-Q1** churned most."));
        var churn = await _client.CreateSessionAsync();
        await _client.QueryAsync(churn, "Show the quarterly churn by cohort");
        var revenue = await _client.CreateSessionAsync("Revenue by region");
        var page = await _app.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        // /s/{id} opens the session, highlighted in the sidebar
        await page.GotoAsync($"{_app.BaseUrl}/s/{churn}");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=user-message]")).ToHaveTextAsync("Show the quarterly churn by cohort");
        var current = page.Locator("[data-testid=session-link][aria-current=page]");
        await Assertions.Expect(current).ToHaveAttributeAsync("href", $"/s/{churn}");
        await Assertions.Expect(current.Locator("[data-testid=session-title]")).ToHaveTextAsync("Show the quarterly churn by cohort");
        await Assertions.Expect(current.Locator("time")).ToHaveTextAsync("just now");

        // the sidebar's links open sessions in place
        await page.Locator($"[data-testid=session-link][href='/s/{revenue}']").ClickAsync();
        await page.WaitForURLAsync($"**/s/{revenue}");
        await Assertions.Expect(page.Locator("[data-testid=session-link][aria-current=page]")).ToHaveAttributeAsync("href", $"/s/{revenue}");

        // search by content: the answer's words find the churn session only
        await Assertions.Expect(page.GetByLabel("Search sessions by title or content")).ToHaveValueAsync("");
        await page.GetByLabel("Search sessions by title or content").FillAsync("2023-q1");
        await Assertions.Expect(page.Locator("[data-testid=session-title]")).ToHaveTextAsync(["Show the quarterly churn by cohort"]);
        await Screenshots.SaveAsync(page, "sidebar-search");
        await page.GetByLabel("Search sessions by title or content").FillAsync("");
        await Assertions.Expect(page.Locator("[data-testid=session-item]")).ToHaveCountAsync(2);

        // rename in place with the keyboard
        await page.Locator($"[data-session='{churn}'] [data-testid=rename]").ClickAsync();
        await page.GetByLabel("New title").FillAsync("Churn by cohort");
        await page.GetByLabel("New title").PressAsync("Enter");
        await Assertions.Expect(page.Locator($"[data-session='{churn}'] [data-testid=session-title]")).ToHaveTextAsync("Churn by cohort");
        Assert.Equal("Churn by cohort", (await _client.GetFromJsonAsync<JsonElement>($"/api/sessions/{churn}")).GetProperty("title").GetString());

        // delete asks first; undo brings the session back and nothing is deleted
        await page.Locator($"[data-session='{churn}'] [data-testid=delete]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=delete-confirmation]")).ToContainTextAsync("Delete “Churn by cohort”?");
        await Assertions.Expect(page.Locator("[data-testid=delete-cancel]")).ToBeFocusedAsync();
        await page.Locator("[data-testid=delete-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-session='{churn}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=undo-item]")).ToContainTextAsync("Deleted “Churn by cohort”");
        await Screenshots.SaveAsync(page, "sidebar-undo-delete");
        await page.Locator("[data-testid=undo]").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-session='{churn}']")).ToHaveCountAsync(1);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/sessions/{churn}")).StatusCode);

        // without undo, the session is deleted once the window passes
        await page.Locator($"[data-session='{churn}'] [data-testid=delete]").ClickAsync();
        await page.Locator("[data-testid=delete-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=undo-item]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Poll.UntilAsync(async () => (await _client.GetAsync($"/api/sessions/{churn}")).StatusCode == HttpStatusCode.NotFound, "the session deleted after its undo window", TimeSpan.FromSeconds(30));
        await Assertions.Expect(page.Locator("[data-testid=session-item]")).ToHaveCountAsync(1);

        // the old /sessions/{id} address still opens a session
        await page.GotoAsync($"{_app.BaseUrl}/sessions/{revenue}");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=session-link][aria-current=page]")).ToHaveAttributeAsync("href", $"/s/{revenue}");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_control_is_reachable_by_keyboard_with_a_visible_focus_and_the_favicon_is_served()
    {
        await _client.CreateSessionAsync("Keyboard session");
        var page = await _app.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(_app.BaseUrl + "/");
        await page.Locator("[data-interactive=true]").WaitForAsync();

        var reached = new List<string>();
        for (var i = 0; i < 25 && !reached.Contains("chat-input"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("() => document.activeElement?.closest('[data-testid]')?.dataset.testid ?? document.activeElement?.tagName ?? ''"));
            if (reached[^1] == "session-link")
            {
                Assert.Equal("solid", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
                await Screenshots.SaveAsync(page, "keyboard-focus");
            }
        }
        // in order: menu, theme, new analysis, search, the session, its actions, upload, the question (Send is disabled while it is empty)
        Assert.True(reached.IndexOf("menu") < reached.IndexOf("theme-toggle"), string.Join(",", reached));
        Assert.True(reached.IndexOf("theme-toggle") < reached.IndexOf("new-session"), string.Join(",", reached));
        Assert.True(reached.IndexOf("new-session") < reached.IndexOf("session-link"), string.Join(",", reached));
        Assert.True(reached.IndexOf("session-link") < reached.IndexOf("rename"), string.Join(",", reached));
        Assert.True(reached.IndexOf("delete") < reached.IndexOf("chat-input"), string.Join(",", reached));
        Assert.Contains("chat-input", reached);

        // every button and field has a name for assistive technology
        var unnamed = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('button, input:not([type=hidden]), textarea, a[href]')]
              .filter(e => e.offsetParent !== null)
              .filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || e.getAttribute('title') || e.getAttribute('placeholder') || (e.labels && e.labels.length)))
              .map(e => e.outerHTML.slice(0, 120))
            """);
        Assert.Empty(unnamed);

        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var svg = await _client.GetAsync(icon);
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var ico = await _client.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        Assert.Equal([0, 0, 1, 0], (await ico.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task On_a_390_px_phone_the_sidebar_is_a_drawer_and_the_chat_is_usable()
    {
        _app.Model.Play("phone question", new TextTurn("Answered on a **phone**."));
        var earlier = await _client.CreateSessionAsync("Earlier analysis");
        await using var context = await _app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_app.BaseUrl + "/");
        await page.Locator("[data-interactive=true]").WaitForAsync();

        // the drawer starts closed; the chat fills the width without sideways scrolling
        var newSession = page.Locator("[data-testid=new-session]");
        await Assertions.Expect(newSession).Not.ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("[data-testid=send]")).ToBeInViewportAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth") <= 390);

        await BrowserApp.AskAsync(page, "A phone question");
        await Assertions.Expect(page.Locator("[data-testid=assistant-message]")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=assistant-message] strong")).ToHaveTextAsync("phone");
        Assert.True(await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth") <= 390);
        await Screenshots.SaveAsync(page, "mobile-390");

        // the menu button opens the drawer; choosing a session closes it and opens the session
        await page.Locator("[data-testid=menu]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=menu]")).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(newSession).ToBeInViewportAsync();
        await Screenshots.SaveAsync(page, "mobile-390-drawer");
        await page.Locator($"[data-testid=session-link][href='/s/{earlier}']").ClickAsync();
        await page.WaitForURLAsync($"**/s/{earlier}");
        await Assertions.Expect(newSession).Not.ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("[data-testid=menu]")).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(page.Locator("[data-testid=user-message]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Dark_mode_follows_the_system_and_the_toggle_overrides_it_across_reloads()
    {
        await using var context = await _app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ColorScheme = ColorScheme.Dark,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_app.BaseUrl + "/");
        await page.Locator("[data-interactive=true]").WaitForAsync();

        await Assertions.Expect(page.Locator(".ca-layout")).ToHaveAttributeAsync("data-theme", "dark");
        await Assertions.Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("aria-label", "Switch to the light theme");
        await Screenshots.SaveAsync(page, "dark-mode");
        Assert.InRange(await BackgroundLuminanceAsync(page), 0, 0.3);

        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator(".ca-layout")).ToHaveAttributeAsync("data-theme", "light");
        Assert.InRange(await BackgroundLuminanceAsync(page), 0.8, 1);

        // the pick outlasts a reload although the system stays dark
        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("data-theme", "light");
        await Assertions.Expect(page.Locator(".ca-layout")).ToHaveAttributeAsync("data-theme", "light");
        await Screenshots.SaveAsync(page, "light-mode-chosen");
    }

    /// <summary>The relative luminance (0 black … 1 white) of the page's background.</summary>
    private static Task<double> BackgroundLuminanceAsync(IPage page) => page.EvaluateAsync<double>("""
        () => {
          const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        }
        """);

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}
