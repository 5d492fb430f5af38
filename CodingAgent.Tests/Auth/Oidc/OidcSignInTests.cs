using System.Net;
using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Auth.Oidc;

/// <summary>Auth:Mode Oidc against the real test provider, through HTTP as a browser would go (redirects followed by the test).</summary>
public sealed class OidcSignInTests(OidcModeFixture fixture) : IClassFixture<OidcModeFixture>
{
    [Fact]
    public async Task A_provider_user_signs_in_gets_an_account_with_the_mapped_role_and_the_same_account_the_next_time()
    {
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        var email = $"{subject}@corp.example";
        fixture.Provider.AddUser(new TestOidcUser("ana-" + subject, "pw-ana", subject, email, [OidcModeFixture.AnalystValue, "unrelated-group"]));
        using var browser = fixture.NewBrowserClient();

        using (var before = await browser.GetAsync(new Uri("/api/sessions", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
            Assert.Null(before.Headers.Location);
        }
        var landing = await OidcBrowserFlow.SignInAsync(browser, "/?from=test", "ana-" + subject, "pw-ana");

        Assert.Equal("/?from=test", landing.PathAndQuery);
        using (var sessions = await browser.GetAsync(new Uri("/api/sessions", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
        }
        var first = await AccountOfAsync(subject);
        Assert.Equal(email, first.Email);
        Assert.Equal(UserRoles.Analyst, first.Role);

        using var secondBrowser = fixture.NewBrowserClient();
        await OidcBrowserFlow.SignInAsync(secondBrowser, "/", "ana-" + subject, "pw-ana");
        using (var sessions = await secondBrowser.GetAsync(new Uri("/api/sessions", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
        }
        var second = await AccountOfAsync(subject);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, await CountAccountsWithEmailAsync(email));
        var signIns = await AuditOfAsync(email, AuditActions.SignIn);
        Assert.Equal(2, signIns.Count);
        Assert.All(signIns, e => Assert.Contains(email, e.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_whose_roles_map_to_nothing_gets_the_default_role_viewer()
    {
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        fixture.Provider.AddUser(new TestOidcUser("vic-" + subject, "pw-vic", subject, $"{subject}@corp.example", []));
        using var browser = fixture.NewBrowserClient();

        await OidcBrowserFlow.SignInAsync(browser, "/", "vic-" + subject, "pw-vic");

        Assert.Equal(UserRoles.Viewer, (await AccountOfAsync(subject)).Role);
        using var sessions = await browser.GetAsync(new Uri("/api/sessions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
    }

    [Fact]
    public async Task A_role_changed_at_the_provider_is_the_accounts_role_at_the_next_sign_in()
    {
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        fixture.Provider.AddUser(new TestOidcUser("ada-" + subject, "pw-ada", subject, $"{subject}@corp.example", [OidcModeFixture.AnalystValue]));
        using (var browser = fixture.NewBrowserClient())
        {
            await OidcBrowserFlow.SignInAsync(browser, "/", "ada-" + subject, "pw-ada");
        }
        Assert.Equal(UserRoles.Analyst, (await AccountOfAsync(subject)).Role);

        fixture.Provider.AddUser(new TestOidcUser("ada-" + subject, "pw-ada", subject, $"new-{subject}@corp.example", [OidcModeFixture.AdminValue, OidcModeFixture.AnalystValue]));
        using (var browser = fixture.NewBrowserClient())
        {
            await OidcBrowserFlow.SignInAsync(browser, "/", "ada-" + subject, "pw-ada");
        }

        var account = await AccountOfAsync(subject);
        Assert.Equal(UserRoles.Admin, account.Role);
        Assert.Equal($"new-{subject}@corp.example", account.Email);
    }

    [Fact]
    public async Task A_page_without_the_cookie_is_sent_to_the_provider_and_the_api_answers_401_without_a_redirect()
    {
        using var browser = fixture.NewBrowserClient();

        using var page = await browser.GetAsync(new Uri("/sessions", UriKind.Relative));
        using var api = await browser.GetAsync(new Uri("/api/sessions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin/oidc", page.Headers.Location!.AbsolutePath);
        Assert.Equal("?returnUrl=%2Fsessions", page.Headers.Location.Query);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_sign_in_endpoint_never_sends_the_browser_back_to_another_site()
    {
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        fixture.Provider.AddUser(new TestOidcUser("eve-" + subject, "pw-eve", subject, $"{subject}@corp.example", []));
        using var browser = fixture.NewBrowserClient();

        var landing = await OidcBrowserFlow.SignInAsync(browser, "/signin/oidc?returnUrl=" + Uri.EscapeDataString("//elsewhere.example/x"), "eve-" + subject, "pw-eve");

        Assert.Equal("localhost", landing.Host);
        Assert.Equal("/", landing.AbsolutePath);
    }

    [Fact]
    public async Task A_forged_callback_is_refused_with_401_and_audited_as_a_failed_sign_in()
    {
        using var browser = fixture.NewBrowserClient();

        using var response = await browser.GetAsync(new Uri("/signin-oidc?code=forged&state=forged", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("CodingAgent.Auth=", StringComparison.Ordinal)));
        var failures = await AuditOfAsync(Web.Auth.SignInAudit.UnknownUser, AuditActions.SignInFailed);
        Assert.Contains(failures, e => e.Detail.StartsWith("oidc ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_without_an_email_claim_signs_in_under_a_reserved_address_and_their_name()
    {
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        fixture.Provider.AddUser(new TestOidcUser("noemail-" + subject, "pw-ne", subject, null, [OidcModeFixture.AnalystValue]));
        using var browser = fixture.NewBrowserClient();

        await OidcBrowserFlow.SignInAsync(browser, "/", "noemail-" + subject, "pw-ne");

        var account = await AccountOfAsync(subject);
        Assert.EndsWith("@users.invalid", account.Email, StringComparison.Ordinal);
        Assert.False(account.EmailConfirmed);
        Assert.Contains(await AuditOfAsync($"noemail-{subject}", AuditActions.SignIn), e => e.Detail == $"oidc noemail-{subject} as analyst");
        using var sessions = await browser.GetAsync(new Uri("/api/sessions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
    }

    [Fact]
    public async Task A_provider_user_with_the_address_of_another_account_is_refused_not_joined_to_it()
    {
        var email = $"taken-{Guid.NewGuid():N}@corp.example";
        string existing;
        using (var scope = fixture.Factory.Services.CreateScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var local = new AppUser { UserName = email, Email = email, Role = UserRoles.Admin, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await accounts.CreateAsync(local)).Succeeded);
            existing = local.Id;
        }
        var subject = "sub-" + Guid.NewGuid().ToString("N");
        fixture.Provider.AddUser(new TestOidcUser("mallory-" + subject, "pw-m", subject, email, [OidcModeFixture.AdminValue]));
        using var browser = fixture.NewBrowserClient();

        using var callback = await OidcBrowserFlow.CallbackAsync(browser, "/", "mallory-" + subject, "pw-m");

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        using var sessions = await browser.GetAsync(new Uri("/api/sessions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, sessions.StatusCode);
        using var scope2 = fixture.Factory.Services.CreateScope();
        var users = scope2.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Null(await users.FindByLoginAsync(fixture.Provider.Authority, subject));
        Assert.Empty(await users.GetLoginsAsync((await users.FindByIdAsync(existing))!));
    }

    [Fact]
    public void Role_values_match_whole_or_word_by_word_and_the_highest_role_wins()
    {
        var settings = new Web.Auth.OidcAuthOptions { AdminValues = ["Data Admins"], AnalystValues = ["analysts"], ViewerValues = ["readers"] };

        Assert.Equal(UserRoles.Admin, settings.MapRole(["readers", "Data Admins"]));
        Assert.Equal(UserRoles.Analyst, settings.MapRole(["readers analysts"]));
        Assert.Equal(UserRoles.Viewer, settings.MapRole(["readers"]));
        Assert.Equal(UserRoles.Viewer, settings.MapRole(["Data", "Admins"]));
        Assert.Equal(UserRoles.Analyst, new Web.Auth.OidcAuthOptions { DefaultRole = "analyst" }.MapRole([]));
    }

    private async Task<AppUser> AccountOfAsync(string subject)
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.FindByLoginAsync(fixture.Provider.Authority, subject) ?? throw new InvalidOperationException($"No account for {subject}.");
    }

    private async Task<int> CountAccountsWithEmailAsync(string email)
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return users.Users.Count(u => u.Email == email);
    }

    private async Task<List<AuditEntry>> AuditOfAsync(string user, string action)
    {
        var entries = await fixture.Factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(user, null, null, AuditQuery.MaxLimit), CancellationToken.None);
        return entries.Where(e => e.Action == action).ToList();
    }
}
