using System.Net;
using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Auth;

/// <summary>
/// Auth:Mode Negotiate as far as this machine allows without a Kerberos realm: the challenge, refusals of tokens that
/// are not a valid SPNEGO exchange (401, never 500), and bearer tokens still working.
/// </summary>
public sealed class NegotiateModeTests(NegotiateModeTests.Fixture fixture) : IClassFixture<NegotiateModeTests.Fixture>
{
    public sealed class Fixture : LocalModeFixture
    {
        protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "Negotiate",
            ["Auth:Negotiate:AdminUsers:0"] = "admin@CORP.EXAMPLE",
        };

        public HttpClient NewClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    [Fact]
    public async Task A_page_request_without_credentials_is_challenged_with_negotiate()
    {
        using var client = fixture.NewClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["Negotiate"], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
    }

    [Fact]
    public async Task An_api_request_without_credentials_gets_a_401_problem_offering_negotiate_and_bearer()
    {
        using var client = fixture.NewClient();

        using var response = await client.GetAsync(new Uri("/api/sessions", UriKind.Relative));

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        var schemes = response.Headers.WwwAuthenticate.Select(h => h.Scheme).ToList();
        Assert.Contains("Negotiate", schemes);
        Assert.Contains("Bearer", schemes);
    }

    [Theory]
    [InlineData("Negotiate YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=")]
    [InlineData("Negotiate not*base64")]
    [InlineData("Negotiate ")]
    public async Task A_token_that_is_not_a_valid_exchange_is_refused_with_401_and_audited(string authorization)
    {
        using var client = fixture.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var entries = await fixture.Factory.Services.GetRequiredService<IAuditLog>()
            .QueryAsync(new AuditQuery(SignInAudit.UnknownUser, null, null, AuditQuery.MaxLimit), CancellationToken.None);
        Assert.Contains(entries, e => e.Action == AuditActions.SignInFailed && e.Detail.StartsWith("negotiate ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_negotiation_offer_without_a_mechanism_token_signs_no_one_in()
    {
        using var client = fixture.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        // SPNEGO NegTokenInit offering Kerberos and NTLM with no token of either: at most the server picks one and asks
        // for its token (with a keytab); without one (this machine) it refuses; either way nobody is signed in
        request.Headers.TryAddWithoutValidation("Authorization", "Negotiate YIIBBgYGKwYBBQUCoIH7MIH4oDAwLgYJKoZIgvcSAQICBgkqhkiG9xIBAgIGCisGAQQBgjcCAh4GCisGAQQBgjcCAgo=");

        using var response = await client.SendAsync(request);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Single(response.Headers.WwwAuthenticate, h => h.Scheme == "Negotiate");
    }

    [Fact]
    public async Task Bearer_tokens_keep_working_in_negotiate_mode()
    {
        var userId = await fixture.CreateUserAsync($"script-{Guid.NewGuid():N}@corp.example");
        var token = await fixture.IssueTokenAsync(userId);
        using var client = fixture.ClientWithToken(token.Token);

        using var response = await client.GetAsync(new Uri("/api/sessions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Roles_come_from_the_admin_and_analyst_lists_in_any_case_and_everyone_else_gets_the_default()
    {
        var settings = new NegotiateAuthOptions { AdminUsers = ["admin@CORP.EXAMPLE"], AnalystUsers = ["CORP\\ana"] };

        Assert.Equal("admin", settings.RoleOf("Admin@corp.example"));
        Assert.Equal("analyst", settings.RoleOf("corp\\ANA"));
        Assert.Equal("viewer", settings.RoleOf("someone@CORP.EXAMPLE"));
        Assert.Equal("analyst", new NegotiateAuthOptions { DefaultRole = "analyst" }.RoleOf("someone@CORP.EXAMPLE"));
    }
}
