using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Auth;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>
/// In Chromium, against the real app in <c>Auth:Mode</c> Local: two analysts each have a session; the one who signs in
/// sees only their own in the sidebar, and the other's session address shows what an unknown session shows; a session
/// shared from its page is read by the other without a question box; an open page follows its user's new role.
/// </summary>
public sealed class OwnSessionsBrowserTests : IAsyncLifetime
{
    private const string Password = "Correct-horse-9";

    private readonly BrowserApp _app = new(BootstrapAdminFixture.LocalModeSettings);

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_signed_in_user_sees_only_their_own_sessions()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var (emailA, emailB) = await TwoAnalystsAsync(http);
        var titleA = "Alpha " + Guid.NewGuid().ToString("N")[..6];
        var titleB = "Bravo " + Guid.NewGuid().ToString("N")[..6];
        await CreateSessionAsync(http, await SignInAsync(http, emailA, Password), titleA);
        var sessionB = await CreateSessionAsync(http, await SignInAsync(http, emailB, Password), titleB);

        var page = await SignedInPageAsync(emailA);

        var sessions = page.Locator("[data-testid=session-item]");
        await Assertions.Expect(sessions.Filter(new LocatorFilterOptions { HasText = titleA })).ToHaveCountAsync(1);
        await Assertions.Expect(sessions.Filter(new LocatorFilterOptions { HasText = titleB })).ToHaveCountAsync(0);
        await Assertions.Expect(sessions).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(page, "signed-in-own-sessions");

        // the other user's session by its address: what an unknown session shows, and nothing of it
        await page.GotoAsync($"{_app.BaseUrl}/s/{sessionB}");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=chat-error]")).ToContainTextAsync("That session does not exist any more.");
        await Assertions.Expect(page.GetByText(titleB)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_owner_shares_a_session_from_its_page_and_the_other_user_reads_it_without_a_question_box()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var (owner, reader) = await TwoAnalystsAsync(http);
        var session = await CreateSessionAsync(http, await SignInAsync(http, owner, Password), "Shared " + Guid.NewGuid().ToString("N")[..6]);

        var owners = await SignedInPageAsync(owner);
        await owners.GotoAsync($"{_app.BaseUrl}/s/{session}");
        await owners.Locator("[data-interactive=true]").WaitForAsync();
        await owners.Locator("[data-testid=share-button]").ClickAsync();
        await owners.Locator("input[data-testid=share-email-input], [data-testid=share-email-input] input").FillAsync(reader);
        await owners.Locator("[data-testid=share-add]").ClickAsync();
        await Assertions.Expect(owners.Locator("[data-testid=share-email]")).ToHaveTextAsync(reader);
        await Screenshots.SaveAsync(owners, "share-dialog");

        var readers = await SignedInPageAsync(reader);
        await readers.GotoAsync($"{_app.BaseUrl}/s/{session}");
        await readers.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(readers.Locator("[data-testid=read-only-note]")).ToContainTextAsync($"Shared with you read-only by {owner}");
        await Assertions.Expect(readers.Locator("[data-testid=chat-input]")).ToHaveCountAsync(0);
        await Assertions.Expect(readers.Locator("[data-testid=share-button]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_open_page_follows_its_user_s_new_role_without_a_reload()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var (analyst, _) = await TwoAnalystsAsync(http);
        var admin = await SignInAsync(http, BootstrapAdminFixture.AdminEmail, BootstrapAdminFixture.AdminPassword);
        var id = await UserIdAsync(http, admin, analyst);
        var session = await CreateSessionAsync(http, await SignInAsync(http, analyst, Password), "Mine " + Guid.NewGuid().ToString("N")[..6]);
        var page = await SignedInPageAsync(analyst);
        await page.GotoAsync($"{_app.BaseUrl}/s/{session}");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=chat-input]")).ToHaveCountAsync(1);

        await SetRoleAsync(http, admin, id, "viewer");

        // the same page, not reloaded: a viewer's own session is read-only for their role
        await Assertions.Expect(page.Locator("[data-testid=read-only-note]")).ToContainTextAsync("Your role (viewer)");
        await Assertions.Expect(page.Locator("[data-testid=chat-input]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=user-email]")).ToHaveAttributeAsync("title", "viewer");

        await SetRoleAsync(http, admin, id, "analyst");

        await Assertions.Expect(page.Locator("[data-testid=chat-input]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=read-only-note]")).ToHaveCountAsync(0);
    }

    private static async Task<string> UserIdAsync(HttpClient http, string adminToken, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;
    }

    private static async Task SetRoleAsync(HttpClient http, string adminToken, string id, string role)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/users/{id}") { Content = JsonContent.Create(new { role }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A new browser context (its own cookies) signed in as <paramref name="email"/> on the page, at the home page.</summary>
    private async Task<IPage> SignedInPageAsync(string email)
    {
        var context = await _app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_app.BaseUrl}/");
        await page.WaitForURLAsync("**/signin?ReturnUrl=%2F");
        await page.Locator("[data-testid=signin-email]").FillAsync(email);
        await page.Locator("[data-testid=signin-password]").FillAsync(Password);
        await page.Locator("[data-testid=signin-submit]").ClickAsync();
        await page.WaitForURLAsync($"{_app.BaseUrl}/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        return page;
    }

    private static async Task<string> SignInAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Two new analysts (made by the bootstrap administrator), by their e-mail addresses.</summary>
    private static async Task<(string First, string Second)> TwoAnalystsAsync(HttpClient http)
    {
        var admin = await SignInAsync(http, BootstrapAdminFixture.AdminEmail, BootstrapAdminFixture.AdminPassword);
        var first = "a-" + Guid.NewGuid().ToString("N")[..8] + "@example.test";
        var second = "b-" + Guid.NewGuid().ToString("N")[..8] + "@example.test";
        await CreateUserAsync(http, admin, first);
        await CreateUserAsync(http, admin, second);
        return (first, second);
    }

    private static async Task CreateUserAsync(HttpClient http, string adminToken, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { email, password = Password, role = "analyst" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<Guid> CreateSessionAsync(HttpClient http, string token, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new { title }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
