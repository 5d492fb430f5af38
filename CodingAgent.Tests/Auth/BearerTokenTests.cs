using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary>In mode Local the API needs an identity: a valid bearer token lets a request in, nothing else does.</summary>
[Collection("app")]
public sealed class BearerTokenTests(LocalModeFixture app) : IClassFixture<LocalModeFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("ca_not-a-token")]
    [InlineData("garbage")]
    public async Task A_request_without_a_valid_token_gets_a_401_problem(string? token)
    {
        using var client = token is null ? app.Factory.CreateClient() : app.ClientWithToken(token);

        using var response = await client.GetAsync(new Uri("/api/sessions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_without_an_identity()
    {
        using var client = app.Factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_is_let_in_and_refused_at_once_after_revocation()
    {
        var userId = await app.CreateUserAsync("bearer-" + Guid.NewGuid().ToString("N")[..8] + "@example.test");
        var issued = await app.IssueTokenAsync(userId);
        using var client = app.ClientWithToken(issued.Token);

        using (var created = await client.PostAsJsonAsync("/api/sessions", new { title = "mine" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        Assert.True(await app.RevokeTokenAsync(userId, issued.Id));

        using var refused = await client.GetAsync(new Uri("/api/sessions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
