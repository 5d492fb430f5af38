using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Auth;

/// <summary>The real app in <c>Auth:Mode</c> Local with a bootstrap administrator, its logs captured.</summary>
public sealed class BootstrapAdminFixture : LocalModeFixture
{
    public const string AdminEmail = "first-admin@example.test";
    public const string AdminPassword = "bootstrap pass phrase 7";

    public CapturedLogs Logs { get; } = new();

    /// <summary>The app's settings for <c>Auth:Mode</c> Local with this bootstrap administrator (also for the browser tests' apps).</summary>
    public static IReadOnlyDictionary<string, string?> LocalModeSettings { get; } = new Dictionary<string, string?>
    {
        ["Auth:Mode"] = "Local",
        ["Auth:BootstrapAdmin:Email"] = AdminEmail,
        ["Auth:BootstrapAdmin:Password"] = AdminPassword,
    };

    protected override IReadOnlyDictionary<string, string?>? Settings => LocalModeSettings;

    protected override Action<IServiceCollection>? Services => Logs.AddTo;

    /// <summary>A client without cookies whose bearer token is the administrator's sign-in token.</summary>
    public async Task<HttpClient> AdminClientAsync() => ClientWithToken(await SignInTokenAsync(AdminEmail, AdminPassword));

    /// <summary>Signs in through <c>POST /api/auth/login</c> and returns the sign-in token.</summary>
    public async Task<string> SignInTokenAsync(string email, string password)
    {
        using var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>A new account of <paramref name="role"/> and a client signed in as it (bearer).</summary>
    public async Task<(string Id, string Email, HttpClient Client)> UserClientAsync(string role, string password = "Correct-horse-9")
    {
        var email = role + "-" + Guid.NewGuid().ToString("N")[..8] + "@example.test";
        var id = await CreateUserAsync(email, role, password);
        return (id, email, ClientWithToken(await SignInTokenAsync(email, password)));
    }

    /// <summary>A fresh e-mail address for a test's own account.</summary>
    public static string NewEmail(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8] + "@example.test";
}
