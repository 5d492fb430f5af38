using CodingAgent.Tests.Auth;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>
/// In Chromium, against the real app in <c>Auth:Mode</c> Local with a bootstrap administrator: the page sends the
/// browser to the sign-in form, a wrong password says so, the right one opens the chat, and signing out returns to the form.
/// </summary>
public sealed class SignInBrowserTests : IAsyncLifetime
{
    private readonly BrowserApp _app = new(BootstrapAdminFixture.LocalModeSettings);

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Signing_in_through_the_form_opens_the_chat_and_signing_out_returns_to_the_form()
    {
        var page = await _app.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync($"{_app.BaseUrl}/dashboards");
        await page.WaitForURLAsync("**/signin?ReturnUrl=%2Fdashboards");
        await Assertions.Expect(page.Locator("[data-testid=user-menu]")).ToHaveCountAsync(0);

        // a wrong password: the error, the address kept, the password field empty
        await page.Locator("[data-testid=signin-email]").FillAsync(BootstrapAdminFixture.AdminEmail);
        await page.Locator("[data-testid=signin-password]").FillAsync("not the password at all");
        await page.Locator("[data-testid=signin-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=signin-error]"))
            .ToContainTextAsync("The e-mail address or password is wrong, or the account is locked for a while.");
        await Assertions.Expect(page.Locator("[data-testid=signin-email]")).ToHaveValueAsync(BootstrapAdminFixture.AdminEmail);
        await Assertions.Expect(page.Locator("[data-testid=signin-password]")).ToHaveValueAsync("");
        await Screenshots.SaveAsync(page, "signin-wrong-password");

        // the right one: back to the page asked for, then the chat, with the user menu
        await page.Locator("[data-testid=signin-password]").FillAsync(BootstrapAdminFixture.AdminPassword);
        await page.Locator("[data-testid=signin-submit]").ClickAsync();
        await page.WaitForURLAsync($"{_app.BaseUrl}/dashboards");
        await page.GotoAsync($"{_app.BaseUrl}/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=user-email]")).ToHaveTextAsync(BootstrapAdminFixture.AdminEmail);
        await Screenshots.SaveAsync(page, "signed-in-user-menu");

        // signing out: the form again, and the chat needs a sign-in once more
        await page.Locator("[data-testid=signout]").ClickAsync();
        await page.WaitForURLAsync($"{_app.BaseUrl}/signin");
        await Assertions.Expect(page.Locator("[data-testid=signin-form]")).ToBeVisibleAsync();
        await page.GotoAsync($"{_app.BaseUrl}/");
        await page.WaitForURLAsync("**/signin?ReturnUrl=%2F");
        Assert.Empty(errors);
    }
}
