using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Core.Users;
using CodingAgent.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CodingAgent.Tests.Auth;

/// <summary>
/// <c>POST /api/auth/login</c>, <c>/logout</c> and <c>GET /api/auth/me</c> in mode Local, through the real app: one
/// answer for every failure (no account enumeration), lockout, the page's cookie, and the audit records.
/// </summary>
[Collection("app")]
public sealed class LoginApiTests(BootstrapAdminFixture app) : IClassFixture<BootstrapAdminFixture>
{
    private const string Password = "Correct-horse-9";

    [Fact]
    public async Task The_bootstrap_admin_signs_in_and_both_its_token_and_its_cookie_let_it_in()
    {
        using var browser = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        using var login = await browser.PostAsJsonAsync("/api/auth/login", new { email = BootstrapAdminFixture.AdminEmail, password = BootstrapAdminFixture.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await login.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        Assert.StartsWith("ca_", token, StringComparison.Ordinal);
        var expiresIn = body.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromHours(11), TimeSpan.FromHours(12));
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("CodingAgent.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        using var withToken = app.ClientWithToken(token);
        var byToken = await withToken.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(BootstrapAdminFixture.AdminEmail, byToken.GetProperty("email").GetString());
        Assert.Equal(UserRoles.Admin, byToken.GetProperty("role").GetString());
        Assert.Equal("Local", byToken.GetProperty("mode").GetString());
        var byCookie = await browser.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(byToken.GetProperty("id").GetString(), byCookie.GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_unknown_address_a_wrong_password_and_a_locked_account_get_the_same_401_problem()
    {
        var email = BootstrapAdminFixture.NewEmail("same");
        await app.CreateUserAsync(email, UserRoles.Analyst, Password);

        var unknown = await FailedLoginAsync(BootstrapAdminFixture.NewEmail("nobody"), Password);
        var wrong = await FailedLoginAsync(email, "Wrong-horse-99");
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            await FailedLoginAsync(email, "Wrong-horse-99");
        }
        var locked = await FailedLoginAsync(email, Password);

        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
        Assert.Contains("e-mail address or password is wrong, or the account is locked", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_in_a_row_lock_the_account_and_its_tokens_while_four_do_not()
    {
        var email = BootstrapAdminFixture.NewEmail("lockout");
        var id = await app.CreateUserAsync(email, UserRoles.Analyst, Password);
        var earlier = await app.IssueTokenAsync(id);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await FailedLoginAsync(email, "Wrong-horse-" + attempt);
        }
        // the right password after four failures still signs in, and starts the count again
        await app.SignInTokenAsync(email, Password);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await FailedLoginAsync(email, "Wrong-horse-" + attempt);
        }
        await app.SignInTokenAsync(email, Password);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await FailedLoginAsync(email, "Wrong-horse-" + attempt);
        }

        await FailedLoginAsync(email, Password);
        using var withEarlier = app.ClientWithToken(earlier.Token);
        using var refused = await withEarlier.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var admin = await app.AdminClientAsync();
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.True(users.EnumerateArray().Single(u => u.GetProperty("id").GetString() == id).GetProperty("locked").GetBoolean());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"email\":\"someone@example.test\"}")]
    [InlineData("{\"password\":\"Correct-horse-9\"}")]
    [InlineData("{\"email\":")]
    [InlineData("[1,2]")]
    public async Task A_body_without_an_address_and_a_password_is_a_400_problem(string json)
    {
        using var client = app.Factory.CreateClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/api/auth/login", UriKind.Relative), content);

        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sign_ins_are_audited_and_a_failure_keeps_the_address_typed_but_never_the_password()
    {
        var email = BootstrapAdminFixture.NewEmail("audited");
        await app.CreateUserAsync(email, UserRoles.Viewer, Password);
        const string typedPassword = "Secret-typed-password-42";

        await FailedLoginAsync(email, typedPassword);
        await app.SignInTokenAsync(email, Password);

        using var admin = await app.AdminClientAsync();
        var failures = await admin.GetFromJsonAsync<JsonElement>("/api/audit?user=anonymous&limit=500");
        var failure = Assert.Single(failures.EnumerateArray(), e => e.GetProperty("detail").GetString() == email);
        Assert.Equal("sign_in_failed", failure.GetProperty("action").GetString());
        var mine = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?user={Uri.EscapeDataString(email)}");
        Assert.Equal(["sign_in"], mine.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        var everything = await admin.GetStringAsync(new Uri("/api/audit?limit=1000", UriKind.Relative));
        Assert.DoesNotContain(typedPassword, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(typedPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logout_revokes_the_token_it_was_called_with()
    {
        var email = BootstrapAdminFixture.NewEmail("logout");
        await app.CreateUserAsync(email, UserRoles.Analyst, Password);
        var token = await app.SignInTokenAsync(email, Password);
        var other = await app.SignInTokenAsync(email, Password);
        using var client = app.ClientWithToken(token);

        using var logout = await client.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var refused = await client.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var otherClient = app.ClientWithToken(other);
        using var stillIn = await otherClient.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    [Fact]
    public async Task Logout_clears_the_page_cookie()
    {
        var email = BootstrapAdminFixture.NewEmail("cookie");
        await app.CreateUserAsync(email, UserRoles.Viewer, Password);
        using var browser = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using (var login = await browser.PostAsJsonAsync("/api/auth/login", new { email, password = Password }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        using (var me = await browser.GetAsync(new Uri("/api/auth/me", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        using var logout = await browser.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var after = await browser.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        await Problems.AssertProblemAsync(after, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_bootstrap_admin_is_logged_by_address_and_its_password_never()
    {
        using var admin = await app.AdminClientAsync();

        var users = await admin.GetFromJsonAsync<JsonElement>("/api/users");

        var first = Assert.Single(users.EnumerateArray(), u => u.GetProperty("email").GetString() == BootstrapAdminFixture.AdminEmail);
        Assert.Equal(UserRoles.Admin, first.GetProperty("role").GetString());
        Assert.Contains(app.Logs.Lines, line => line.Contains("made the administrator " + BootstrapAdminFixture.AdminEmail, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(BootstrapAdminFixture.AdminPassword, StringComparison.Ordinal));
    }

    private async Task<string> FailedLoginAsync(string email, string password)
    {
        using var client = app.Factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        return problem.GetProperty("title").GetString() + " | " + problem.GetProperty("detail").GetString();
    }
}
