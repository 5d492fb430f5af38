using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Core.Users;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Auth;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Auth;

/// <summary><c>PATCH</c> and <c>DELETE /api/users/{id}</c>: a lock, a new role or a deletion applies to tokens and cookies at once.</summary>
[Collection("app")]
public sealed class UserChangesApiTests(BootstrapAdminFixture app) : IClassFixture<BootstrapAdminFixture>
{
    private const string Password = "Correct-horse-9";

    [Fact]
    public async Task Locking_an_account_refuses_its_token_its_cookie_and_its_password_until_it_is_unlocked()
    {
        var email = BootstrapAdminFixture.NewEmail("locked");
        var id = await app.CreateUserAsync(email, UserRoles.Analyst, Password);
        using var byToken = app.ClientWithToken(await app.SignInTokenAsync(email, Password));
        using var byCookie = await CookieClientAsync(email);
        using var admin = await app.AdminClientAsync();

        using var locked = await admin.PatchAsJsonAsync($"/api/users/{id}", new { locked = true });

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.True((await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("locked").GetBoolean());
        await AssertRefusedAsync(byToken);
        await AssertRefusedAsync(byCookie);
        using (var login = await app.Factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = Password }))
        {
            await Problems.AssertProblemAsync(login, HttpStatusCode.Unauthorized);
        }

        using var unlocked = await admin.PatchAsJsonAsync($"/api/users/{id}", new { locked = false });

        Assert.False((await unlocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("locked").GetBoolean());
        using var again = app.ClientWithToken(await app.SignInTokenAsync(email, Password));
        Assert.Equal(id, (await again.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_new_role_applies_to_the_next_request_of_a_token_and_of_a_cookie()
    {
        var email = BootstrapAdminFixture.NewEmail("promoted");
        var id = await app.CreateUserAsync(email, UserRoles.Viewer, Password);
        using var byToken = app.ClientWithToken(await app.SignInTokenAsync(email, Password));
        using var byCookie = await CookieClientAsync(email);
        using var admin = await app.AdminClientAsync();

        using var changed = await admin.PatchAsJsonAsync($"/api/users/{id}", new { role = "analyst" });

        Assert.Equal(UserRoles.Analyst, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        Assert.Equal(UserRoles.Analyst, (await byToken.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("role").GetString());
        Assert.Equal(UserRoles.Analyst, (await byCookie.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("role").GetString());
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?user={Uri.EscapeDataString(BootstrapAdminFixture.AdminEmail)}&limit=500");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "user_changed" && e.GetProperty("detail").GetString() == $"{email}: role analyst");
    }

    [Fact]
    public async Task A_deleted_account_is_refused_at_once_and_gone_from_the_list()
    {
        var email = BootstrapAdminFixture.NewEmail("deleted");
        var id = await app.CreateUserAsync(email, UserRoles.Analyst, Password);
        using var byToken = app.ClientWithToken(await app.SignInTokenAsync(email, Password));
        using var admin = await app.AdminClientAsync();

        using var deleted = await admin.DeleteAsync(new Uri($"/api/users/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertRefusedAsync(byToken);
        Assert.DoesNotContain((await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray(), u => u.GetProperty("id").GetString() == id);
        using var again = await admin.DeleteAsync(new Uri($"/api/users/{id}", UriKind.Relative));
        await Problems.AssertProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_administrator_cannot_demote_lock_or_delete_their_own_account()
    {
        var (id, _, admin) = await app.UserClientAsync(UserRoles.Admin);
        using var _ = admin;

        using var demote = await admin.PatchAsJsonAsync($"/api/users/{id}", new { role = "viewer" });
        using var lockSelf = await admin.PatchAsJsonAsync($"/api/users/{id}", new { locked = true });
        using var delete = await admin.DeleteAsync(new Uri($"/api/users/{id}", UriKind.Relative));

        await Problems.AssertProblemAsync(demote, HttpStatusCode.Conflict);
        await Problems.AssertProblemAsync(lockSelf, HttpStatusCode.Conflict);
        await Problems.AssertProblemAsync(delete, HttpStatusCode.Conflict);
        Assert.Equal(UserRoles.Admin, (await admin.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Changing_an_unknown_account_or_to_an_unknown_role_is_a_problem()
    {
        var id = await app.CreateUserAsync(BootstrapAdminFixture.NewEmail("role"), UserRoles.Viewer, Password);
        using var admin = await app.AdminClientAsync();

        using var unknown = await admin.PatchAsJsonAsync("/api/users/no-such-id", new { locked = true });
        using var badRole = await admin.PatchAsJsonAsync($"/api/users/{id}", new { role = "root" });

        await Problems.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(badRole, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_analyst_cannot_change_or_delete_accounts()
    {
        var victim = await app.CreateUserAsync(BootstrapAdminFixture.NewEmail("victim"), UserRoles.Viewer, Password);
        var (_, _, analyst) = await app.UserClientAsync(UserRoles.Analyst);
        using var _ = analyst;

        using var patch = await analyst.PatchAsJsonAsync($"/api/users/{victim}", new { role = "admin" });
        using var delete = await analyst.DeleteAsync(new Uri($"/api/users/{victim}", UriKind.Relative));

        await Problems.AssertProblemAsync(patch, HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(delete, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_open_page_loses_its_user_once_the_account_is_locked_or_deleted()
    {
        var lockedEmail = BootstrapAdminFixture.NewEmail("page-locked");
        var lockedId = await app.CreateUserAsync(lockedEmail, UserRoles.Analyst, Password);
        var deletedId = await app.CreateUserAsync(BootstrapAdminFixture.NewEmail("page-deleted"), UserRoles.Analyst, Password);
        var keptId = await app.CreateUserAsync(BootstrapAdminFixture.NewEmail("page-kept"), UserRoles.Analyst, Password);
        using var admin = await app.AdminClientAsync();
        using var scope = app.Factory.Services.CreateScope();
        var revalidation = Assert.IsType<AccountRevalidation>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        Assert.NotNull(await revalidation.CurrentPrincipalAsync(Page(lockedId), CancellationToken.None));

        using (var locked = await admin.PatchAsJsonAsync($"/api/users/{lockedId}", new { locked = true }))
        {
            Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        }
        using (var deleted = await admin.DeleteAsync(new Uri($"/api/users/{deletedId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Null(await revalidation.CurrentPrincipalAsync(Page(lockedId), CancellationToken.None));
        Assert.Null(await revalidation.CurrentPrincipalAsync(Page(deletedId), CancellationToken.None));
        Assert.NotNull(await revalidation.CurrentPrincipalAsync(Page(keptId), CancellationToken.None));
    }

    [Fact]
    public async Task Open_pages_lose_their_user_at_once_when_the_account_is_locked_or_deleted_and_other_pages_keep_theirs()
    {
        var lockedId = await app.CreateUserAsync(BootstrapAdminFixture.NewEmail("open-locked"), UserRoles.Analyst, Password);
        var deletedId = await app.CreateUserAsync(BootstrapAdminFixture.NewEmail("open-deleted"), UserRoles.Analyst, Password);
        var keptId = await app.CreateUserAsync(BootstrapAdminFixture.NewEmail("open-kept"), UserRoles.Analyst, Password);
        using var admin = await app.AdminClientAsync();
        var openPages = app.Factory.Services.GetRequiredService<OpenPages>();
        var pages = new Dictionary<string, (IServiceScope Scope, AuthenticationStateProvider State)>();
        foreach (var id in new[] { lockedId, deletedId, keptId })
        {
            var scope = app.Factory.Services.CreateScope();
            var state = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
            ((IHostEnvironmentAuthenticationStateProvider)state).SetAuthenticationState(Task.FromResult(new AuthenticationState(Page(id))));
            pages[id] = (scope, state);
            Assert.Equal(1, openPages.Count(id));
        }
        await using var signals = await app.Factory.Services.GetRequiredService<Core.Ports.IClusterBus>().SubscribeSignalsAsync(CancellationToken.None);
        try
        {
            using (var locked = await admin.PatchAsJsonAsync($"/api/users/{lockedId}", new { locked = true }))
            {
                Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
            }
            using (var deleted = await admin.DeleteAsync(new Uri($"/api/users/{deletedId}", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            }

            // every instance hears of both, in order
            var heard = new List<string>();
            while (heard.Count < 2)
            {
                if (await signals.Reader.ReadAsync() is { Kind: Core.Ports.ClusterSignalKinds.AccountChanged, UserId: { } user })
                {
                    heard.Add(user);
                }
            }
            Assert.Equal([lockedId, deletedId], heard);
            // (the periodic check comes only after a minute)
            foreach (var id in new[] { lockedId, deletedId })
            {
                await Poll.UntilAsync(async () => (await pages[id].State.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated == false,
                    "the open page to lose its user", TimeSpan.FromSeconds(30));
                Assert.Equal(0, openPages.Count(id));
            }
            Assert.True((await pages[keptId].State.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
        }
        finally
        {
            foreach (var (scope, _) in pages.Values)
            {
                scope.Dispose();
            }
        }
        Assert.Equal(0, openPages.Count(keptId));
    }

    [Fact]
    public async Task An_open_page_takes_its_account_s_new_role_at_once_and_keeps_its_user()
    {
        var demotedId = await app.CreateUserAsync(BootstrapAdminFixture.NewEmail("open-demoted"), UserRoles.Analyst, Password);
        var keptId = await app.CreateUserAsync(BootstrapAdminFixture.NewEmail("open-role-kept"), UserRoles.Analyst, Password);
        using var admin = await app.AdminClientAsync();
        var pages = new Dictionary<string, (IServiceScope Scope, AuthenticationStateProvider State)>();
        foreach (var id in new[] { demotedId, keptId })
        {
            var scope = app.Factory.Services.CreateScope();
            var state = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
            ((IHostEnvironmentAuthenticationStateProvider)state).SetAuthenticationState(Task.FromResult(new AuthenticationState(Page(id))));
            pages[id] = (scope, state);
        }
        try
        {
            using (var demoted = await admin.PatchAsJsonAsync($"/api/users/{demotedId}", new { role = UserRoles.Viewer }))
            {
                Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
            }

            // (the periodic check comes only after a minute)
            await Poll.UntilAsync(async () => (await pages[demotedId].State.GetAuthenticationStateAsync()).User.ToCurrentUser()?.Role == UserRoles.Viewer,
                "the open page to take the viewer role", TimeSpan.FromSeconds(30));
            var user = (await pages[demotedId].State.GetAuthenticationStateAsync()).User.ToCurrentUser();
            Assert.Equal(demotedId, user?.Id);
            Assert.False(user?.CanRunCode);
            Assert.Equal(1, app.Factory.Services.GetRequiredService<OpenPages>().Count(demotedId));
            Assert.Equal(UserRoles.Analyst, (await pages[keptId].State.GetAuthenticationStateAsync()).User.ToCurrentUser()?.Role);

            // the periodic check gives the same: a page opened before the change takes the new role
            var revalidation = Assert.IsType<AccountRevalidation>(pages[keptId].State);
            var stale = Page(demotedId);
            Assert.Equal(UserRoles.Viewer, (await revalidation.CurrentPrincipalAsync(stale, CancellationToken.None))?.ToCurrentUser()?.Role);
            var unchanged = Page(keptId);
            Assert.Same(unchanged, await revalidation.CurrentPrincipalAsync(unchanged, CancellationToken.None));
        }
        finally
        {
            foreach (var (scope, _) in pages.Values)
            {
                scope.Dispose();
            }
        }
    }

    private static System.Security.Claims.ClaimsPrincipal Page(string id) =>
        AppClaims.Principal(new CurrentUser(id, id + "@example.test", UserRoles.Analyst), AuthSchemes.Cookie);

    private async Task<HttpClient> CookieClientAsync(string email)
    {
        var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return client;
    }

    private static async Task AssertRefusedAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
