using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary>Auth:Mode Oidc and Negotiate refuse to start with settings they cannot work with, saying which setting.</summary>
public sealed class ExternalModeStartTests
{
    [Theory]
    [InlineData(null, "codingagent", "Auth:Oidc:Authority is not set")]
    [InlineData("idp.corp.example", "codingagent", "Auth:Oidc:Authority 'idp.corp.example' is not an absolute http(s) URL")]
    [InlineData("http://idp.corp.example/realms/x", "codingagent", "Auth:Oidc:Authority 'http://idp.corp.example/realms/x' must use https")]
    [InlineData("https://idp.corp.example/realms/x", null, "Auth:Oidc:ClientId is not set")]
    public async Task Oidc_mode_with_a_missing_or_unsafe_setting_refuses_to_start_and_names_it(string? authority, string? clientId, string expected)
    {
        var failure = await StartFailureAsync(new()
        {
            ["Auth:Mode"] = "Oidc",
            ["Auth:Oidc:Authority"] = authority,
            ["Auth:Oidc:ClientId"] = clientId,
        });

        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oidc_mode_refuses_an_unknown_default_role_and_scopes_without_openid()
    {
        var failure = await StartFailureAsync(new()
        {
            ["Auth:Mode"] = "Oidc",
            ["Auth:Oidc:Authority"] = "https://idp.corp.example/",
            ["Auth:Oidc:ClientId"] = "codingagent",
            ["Auth:Oidc:DefaultRole"] = "boss",
            ["Auth:Oidc:Scopes"] = "profile email",
        });

        Assert.Contains("Auth:Oidc:DefaultRole 'boss' is not a role", failure, StringComparison.Ordinal);
        Assert.Contains("Auth:Oidc:Scopes 'profile email' must include openid", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_mode_refuses_an_unknown_default_role()
    {
        var failure = await StartFailureAsync(new() { ["Auth:Mode"] = "Negotiate", ["Auth:Negotiate:DefaultRole"] = "boss" });

        Assert.Contains("Auth:Negotiate:DefaultRole 'boss' is not a role", failure, StringComparison.Ordinal);
    }

    /// <summary>Starts the app (no model is ever asked: the start fails first) and returns what the failure says.</summary>
    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings)
    {
        var data = Path.Combine(Path.GetTempPath(), "codingagent-authstart-" + Guid.NewGuid().ToString("N"));
        var factory = new CodingAgentFactory(data, "http://127.0.0.1:9/v1", settings);
        try
        {
            var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            return failure.ToString();
        }
        finally
        {
            await factory.DisposeAsync();
            if (Directory.Exists(data))
            {
                await AppData.DeleteAsync(data);
            }
        }
    }
}
