using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Core.Users;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary><c>/api/tokens</c>: personal access tokens for scripts, shown once, listed without their value, revoked at once, each user's own.</summary>
[Collection("app")]
public sealed class TokensApiTests(BootstrapAdminFixture app) : IClassFixture<BootstrapAdminFixture>
{
    [Fact]
    public async Task A_token_is_shown_once_works_as_a_bearer_and_is_listed_without_its_value()
    {
        var (id, email, client) = await app.UserClientAsync(UserRoles.Analyst);
        using var _ = client;

        using var created = await client.PostAsJsonAsync("/api/tokens", new { name = "nightly report", expiresInDays = 30 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var tokenId = body.GetProperty("id").GetGuid();
        Assert.Equal("nightly report", body.GetProperty("name").GetString());
        Assert.InRange(body.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromDays(29), TimeSpan.FromDays(30));
        Assert.Equal($"/api/tokens/{tokenId}", created.Headers.Location?.OriginalString);
        using var script = app.ClientWithToken(token);
        var me = await script.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(id, me.GetProperty("id").GetString());
        Assert.Equal(email, me.GetProperty("email").GetString());
        var listed = await client.GetStringAsync(new Uri("/api/tokens", UriKind.Relative));
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
        var entry = Assert.Single(JsonDocument.Parse(listed).RootElement.EnumerateArray());
        Assert.Equal(tokenId, entry.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_on_the_very_next_request()
    {
        var (_, _, client) = await app.UserClientAsync(UserRoles.Analyst);
        using var _ = client;
        var (tokenId, token) = await CreateAsync(client, "to revoke");
        using var script = app.ClientWithToken(token);
        using (var before = await script.GetAsync(new Uri("/api/sessions", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoked = await client.DeleteAsync(new Uri($"/api/tokens/{tokenId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var after = await script.GetAsync(new Uri("/api/sessions", UriKind.Relative));
        await Problems.AssertProblemAsync(after, HttpStatusCode.Unauthorized);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/tokens");
        Assert.NotEqual(JsonValueKind.Null, listed.EnumerateArray().Single().GetProperty("revokedAt").ValueKind);
        using var again = await client.DeleteAsync(new Uri($"/api/tokens/{tokenId}", UriKind.Relative));
        await Problems.AssertProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_users_token_is_not_found_for_them_and_stays_valid()
    {
        var (_, _, owner) = await app.UserClientAsync(UserRoles.Analyst);
        var (_, _, other) = await app.UserClientAsync(UserRoles.Admin);
        using var _ = owner;
        using var __ = other;
        var (tokenId, token) = await CreateAsync(owner, "mine");

        using var refused = await other.DeleteAsync(new Uri($"/api/tokens/{tokenId}", UriKind.Relative));

        await Problems.AssertProblemAsync(refused, HttpStatusCode.NotFound);
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/tokens")).EnumerateArray());
        using var script = app.ClientWithToken(token);
        using var stillValid = await script.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
    }

    [Fact]
    public async Task A_viewer_may_make_a_token_for_reading_from_scripts_and_the_default_lifetime_is_90_days()
    {
        var (_, _, viewer) = await app.UserClientAsync(UserRoles.Viewer);
        using var _ = viewer;

        using var created = await viewer.PostAsJsonAsync("/api/tokens", new { name = "reader" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(body.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromDays(89), TimeSpan.FromDays(90));
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("   ", 30)]
    [InlineData("ok", 0)]
    [InlineData("ok", 366)]
    [InlineData("ok", -1)]
    public async Task A_token_without_a_name_or_with_a_lifetime_outside_1_to_365_days_is_a_400_problem(string? name, int days)
    {
        var (_, _, client) = await app.UserClientAsync(UserRoles.Analyst);
        using var _ = client;

        using var response = await client.PostAsJsonAsync("/api/tokens", new { name, expiresInDays = days });

        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/tokens")).EnumerateArray());
    }

    [Fact]
    public async Task A_name_longer_than_100_characters_is_a_400_problem()
    {
        var (_, _, client) = await app.UserClientAsync(UserRoles.Analyst);
        using var _ = client;

        using var response = await client.PostAsJsonAsync("/api/tokens", new { name = new string('n', 101) });

        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Making_and_revoking_a_token_are_audited_under_the_users_address()
    {
        var (_, email, client) = await app.UserClientAsync(UserRoles.Analyst);
        using var _ = client;
        var (tokenId, _) = await CreateAsync(client, "audited");
        using (var revoked = await client.DeleteAsync(new Uri($"/api/tokens/{tokenId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        using var admin = await app.AdminClientAsync();
        var entries = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?user={Uri.EscapeDataString(email)}");

        Assert.Equal(["sign_in", "token_created", "token_revoked"], entries.EnumerateArray().Select(e => e.GetProperty("action").GetString()).Order(StringComparer.Ordinal));
        Assert.All(entries.EnumerateArray().Where(e => e.GetProperty("action").GetString()!.StartsWith("token_", StringComparison.Ordinal)),
            e => Assert.Contains(tokenId.ToString(), e.GetProperty("detail").GetString(), StringComparison.Ordinal));
    }

    private static async Task<(Guid Id, string Token)> CreateAsync(HttpClient client, string name)
    {
        using var created = await client.PostAsJsonAsync("/api/tokens", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("token").GetString()!);
    }
}
