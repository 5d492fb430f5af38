using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Core.Users;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary><c>/api/users</c> and <c>/api/audit</c> are for administrators; accounts follow Identity's password rules.</summary>
[Collection("app")]
public sealed class UsersApiTests(BootstrapAdminFixture app) : IClassFixture<BootstrapAdminFixture>
{
    [Fact]
    public async Task An_administrator_makes_an_account_that_signs_in_with_its_role()
    {
        using var admin = await app.AdminClientAsync();
        var email = BootstrapAdminFixture.NewEmail("made");

        using var created = await admin.PostAsJsonAsync("/api/users", new { email, password = "twelve chars", role = "Viewer" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(email, body.GetProperty("email").GetString());
        Assert.Equal(UserRoles.Viewer, body.GetProperty("role").GetString());
        var id = body.GetProperty("id").GetString();
        Assert.Equal($"/api/users/{id}", created.Headers.Location?.OriginalString);
        using var user = app.ClientWithToken(await app.SignInTokenAsync(email, "twelve chars"));
        var me = await user.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(id, me.GetProperty("id").GetString());
        Assert.Equal(UserRoles.Viewer, me.GetProperty("role").GetString());
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.Contains(listed.EnumerateArray(), u => u.GetProperty("id").GetString() == id && !u.GetProperty("locked").GetBoolean());
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?user={Uri.EscapeDataString(BootstrapAdminFixture.AdminEmail)}&limit=500");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "user_created" && e.GetProperty("detail").GetString() == $"{email} (viewer)");
    }

    [Fact]
    public async Task An_address_that_has_an_account_already_is_a_409_problem_whatever_its_case()
    {
        using var admin = await app.AdminClientAsync();
        var email = BootstrapAdminFixture.NewEmail("twice");
        using (var first = await admin.PostAsJsonAsync("/api/users", new { email, password = "long enough pass", role = "analyst" }))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var second = await admin.PostAsJsonAsync("/api/users", new { email = email.ToUpperInvariant(), password = "another long pass", role = "viewer" });

        await Problems.AssertProblemAsync(second, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_password_shorter_than_12_characters_is_a_400_problem_listing_identitys_errors()
    {
        using var admin = await app.AdminClientAsync();
        var email = BootstrapAdminFixture.NewEmail("weak");

        using var response = await admin.PostAsJsonAsync("/api/users", new { email, password = "eleven char", role = "analyst" });

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
        Assert.Contains("PasswordTooShort", errors);
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.DoesNotContain(listed.EnumerateArray(), u => u.GetProperty("email").GetString() == email);
    }

    [Fact]
    public async Task An_address_with_an_apostrophe_is_fine_and_one_that_is_no_address_is_a_400_problem()
    {
        using var admin = await app.AdminClientAsync();
        var apostrophe = "o'brien-" + Guid.NewGuid().ToString("N")[..8] + "@example.test";

        using var fine = await admin.PostAsJsonAsync("/api/users", new { email = apostrophe, password = "long enough pass", role = "viewer" });
        using var bad = await admin.PostAsJsonAsync("/api/users", new { email = "not an address", password = "long enough pass", role = "viewer" });

        Assert.Equal(HttpStatusCode.Created, fine.StatusCode);
        var problem = await Problems.AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Contains("InvalidEmail", problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("")]
    [InlineData(null)]
    public async Task An_unknown_role_is_a_400_problem(string? role)
    {
        using var admin = await app.AdminClientAsync();

        using var response = await admin.PostAsJsonAsync("/api/users", new { email = BootstrapAdminFixture.NewEmail("role"), password = "long enough pass", role });

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("admin, analyst, viewer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UserRoles.Analyst)]
    [InlineData(UserRoles.Viewer)]
    public async Task Analysts_and_viewers_get_a_403_problem_from_the_accounts_and_the_audit_log(string role)
    {
        var (_, _, client) = await app.UserClientAsync(role);
        using var _ = client;

        using var create = await client.PostAsJsonAsync("/api/users", new { email = BootstrapAdminFixture.NewEmail("sneaky"), password = "long enough pass", role = "admin" });
        using var list = await client.GetAsync(new Uri("/api/users", UriKind.Relative));
        using var audit = await client.GetAsync(new Uri("/api/audit", UriKind.Relative));

        await Problems.AssertProblemAsync(create, HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(list, HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(audit, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_an_identity_the_accounts_routes_answer_401()
    {
        using var anonymous = app.Factory.CreateClient();

        using var users = await anonymous.GetAsync(new Uri("/api/users", UriKind.Relative));
        using var tokens = await anonymous.GetAsync(new Uri("/api/tokens", UriKind.Relative));
        using var me = await anonymous.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        using var logout = await anonymous.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null);

        await Problems.AssertProblemAsync(users, HttpStatusCode.Unauthorized);
        await Problems.AssertProblemAsync(tokens, HttpStatusCode.Unauthorized);
        await Problems.AssertProblemAsync(me, HttpStatusCode.Unauthorized);
        await Problems.AssertProblemAsync(logout, HttpStatusCode.Unauthorized);
    }
}
