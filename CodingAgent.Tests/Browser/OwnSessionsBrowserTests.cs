using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Auth;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>
/// In Chromium, against the real app in <c>Auth:Mode</c> Local: two analysts each have a session; the one who signs in
/// sees only their own in the sidebar, and the other's session address shows what an unknown session shows.
/// </summary>
public sealed class OwnSessionsBrowserTests : IAsyncLifetime
{
    private const string Password = "Correct-horse-9";

    private readonly BrowserApp _app = new(new Dictionary<string, string?>
    {
        ["Auth:Mode"] = "Local",
        ["Auth:BootstrapAdmin:Email"] = BootstrapAdminFixture.AdminEmail,
        ["Auth:BootstrapAdmin:Password"] = BootstrapAdminFixture.AdminPassword,
    });

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_signed_in_user_sees_only_their_own_sessions()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var admin = await SignInAsync(http, BootstrapAdminFixture.AdminEmail, BootstrapAdminFixture.AdminPassword);
        var emailA = "a-" + Guid.NewGuid().ToString("N")[..8] + "@example.test";
        var emailB = "b-" + Guid.NewGuid().ToString("N")[..8] + "@example.test";
        await CreateUserAsync(http, admin, emailA);
        await CreateUserAsync(http, admin, emailB);
        var titleA = "Alpha " + Guid.NewGuid().ToString("N")[..6];
        var titleB = "Bravo " + Guid.NewGuid().ToString("N")[..6];
        await CreateSessionAsync(http, await SignInAsync(http, emailA, Password), titleA);
        var sessionB = await CreateSessionAsync(http, await SignInAsync(http, emailB, Password), titleB);

        var page = await _app.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync($"{_app.BaseUrl}/");
        await page.WaitForURLAsync("**/signin?ReturnUrl=%2F");
        await page.Locator("[data-testid=signin-email]").FillAsync(emailA);
        await page.Locator("[data-testid=signin-password]").FillAsync(Password);
        await page.Locator("[data-testid=signin-submit]").ClickAsync();
        await page.WaitForURLAsync($"{_app.BaseUrl}/");
        await page.Locator("[data-interactive=true]").WaitForAsync();

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

    private static async Task<string> SignInAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
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
