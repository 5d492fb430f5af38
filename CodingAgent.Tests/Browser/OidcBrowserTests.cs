using System.Text.RegularExpressions;
using CodingAgent.Core.Users;
using CodingAgent.Tests.Auth.Oidc;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>Auth:Mode Oidc in Chromium: the app (Kestrel on 127.0.0.1) and the test OpenID Connect provider (another port of 127.0.0.1).</summary>
public sealed class OidcBrowserTests : IAsyncLifetime
{
    private TestOidcProvider _provider = null!;
    private BrowserApp _app = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _app = new BrowserApp(OidcModeFixture.OidcSettings(_provider.Authority));
        await _app.InitializeAsync();
        await _provider.AllowRedirectUriAsync(_app.BaseUrl + "/signin-oidc");
    }

    [Fact]
    public async Task Opening_the_app_leads_to_the_providers_form_and_back_to_the_chat_page_signed_in()
    {
        _provider.AddUser(new TestOidcUser("ana", "Ana-pw-1", "sub-ana", "ana@corp.example", [OidcModeFixture.AnalystValue]));
        var page = await _app.Browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(_app.BaseUrl + "/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(_provider.Authority + "connect/authorize?")));
        await Screenshots.SaveAsync(page, "oidc-provider-sign-in-form");
        await page.Locator("#username").FillAsync("ana");
        await page.Locator("#password").FillAsync("Ana-pw-1");
        await page.Locator("#submit").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(_app.BaseUrl + "/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("textarea[data-testid=chat-input], [data-testid=chat-input] textarea").First).ToBeVisibleAsync();
        Assert.Contains(await page.Context.CookiesAsync(), c => c.Name == "CodingAgent.Auth" && c.HttpOnly);
        Assert.Equal(200, await page.EvaluateAsync<int>("fetch('/api/sessions').then(r => r.status)"));
        Assert.Empty(errors);
        await Screenshots.SaveAsync(page, "oidc-signed-in-chat");

        using var scope = _app.Factory.Services.CreateScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByLoginAsync(_provider.Authority, "sub-ana");
        Assert.NotNull(account);
        Assert.Equal(UserRoles.Analyst, account.Role);
        Assert.Equal("ana@corp.example", account.Email);
    }

    [Fact]
    public async Task A_wrong_password_stays_on_the_providers_form_and_the_app_stays_closed()
    {
        _provider.AddUser(new TestOidcUser("bob", "Bob-pw-1", "sub-bob", "bob@corp.example", []));
        var page = await _app.Browser.NewPageAsync();

        await page.GotoAsync(_app.BaseUrl + "/");
        await page.Locator("#username").FillAsync("bob");
        await page.Locator("#password").FillAsync("wrong");
        await page.Locator("#submit").ClickAsync();

        await Assertions.Expect(page.Locator("#error")).ToHaveTextAsync("Unknown user name or wrong password.");
        Assert.StartsWith(_provider.Authority, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "CodingAgent.Auth");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
