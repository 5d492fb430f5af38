using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary>In <c>Auth:Mode</c> None (the default) nothing changes: the one local user is the administrator and there are no accounts.</summary>
[Collection("app")]
public sealed class NoneModeAccountsTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Me_is_the_local_administrator()
    {
        var me = await app.Client.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal("local", me.GetProperty("id").GetString());
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal("None", me.GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData("POST", "/api/auth/login", "{\"email\":\"a@example.test\",\"password\":\"whatever-long\"}")]
    [InlineData("POST", "/api/auth/logout", null)]
    [InlineData("POST", "/api/users", "{\"email\":\"a@example.test\",\"password\":\"whatever-long\",\"role\":\"viewer\"}")]
    [InlineData("GET", "/api/users", null)]
    [InlineData("POST", "/api/tokens", "{\"name\":\"script\"}")]
    [InlineData("GET", "/api/tokens", null)]
    [InlineData("DELETE", "/api/tokens/6a0c1d7e-0f5e-4d36-9f3c-1f1e2b3c4d5e", null)]
    public async Task Account_routes_answer_a_404_problem_saying_accounts_need_mode_Local(string method, string path, string? json)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await app.Client.SendAsync(request);

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("Auth:Mode Local", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_log_stays_open_to_the_local_user()
    {
        using var response = await app.Client.GetAsync(new Uri("/api/audit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_sends_the_browser_to_the_app()
    {
        using var client = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/signin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }
}
