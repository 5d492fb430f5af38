using System.Net;
using CodingAgent.Tests.Deployment;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary>Auth:Mode None on real Kestrel addresses: loopback only, unless Auth:AllowAnonymousNetwork is set. Packets go only to 127.0.0.1.</summary>
public sealed class AnonymousNetworkGuardTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "codingagent-guard-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Mode_None_refuses_to_start_on_all_interfaces_and_says_why()
    {
        await using var app = await LaunchAsync("http://0.0.0.0:0");

        Assert.True(app.HasExited, app.Log);
        Assert.Equal(2, app.ExitCode);
        Assert.Contains("Auth:Mode is None (no sign-in) and the app would listen on http://0.0.0.0:0", app.Log);
        Assert.Contains("Auth:AllowAnonymousNetwork=true", app.Log);
    }

    [Fact]
    public async Task Mode_None_starts_on_loopback_without_a_warning()
    {
        await using var app = await LaunchAsync("http://127.0.0.1:0");

        Assert.False(app.HasExited, app.Log);
        await AssertHealthyAsync(app);
        Assert.DoesNotContain("AllowAnonymousNetwork", app.Log);
    }

    [Fact]
    public async Task Mode_None_with_anonymous_network_allowed_starts_on_all_interfaces_and_warns()
    {
        await using var app = await LaunchAsync("http://0.0.0.0:0", new Dictionary<string, string> { ["Auth__AllowAnonymousNetwork"] = "true" });

        Assert.False(app.HasExited, app.Log);
        await AssertHealthyAsync(app);
        Assert.Contains("warn: CodingAgent.Web.Auth.AnonymousNetworkGuard", app.Log);
        Assert.Contains("Auth:AllowAnonymousNetwork is true: anyone who can reach http://0.0.0.0:", app.Log);
    }

    [Fact]
    public async Task An_unknown_mode_fails_the_start_with_what_to_set()
    {
        await using var app = await LaunchAsync("http://127.0.0.1:0", new Dictionary<string, string> { ["Auth__Mode"] = "Saml" });

        Assert.True(app.HasExited, app.Log);
        Assert.NotEqual(0, app.ExitCode);
        Assert.Contains("Auth:Mode 'Saml' is not a mode", app.Log);
    }

    private static async Task AssertHealthyAsync(PublishedApp app)
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The build beside these tests, its data in a folder of this test class's own.</summary>
    private Task<PublishedApp> LaunchAsync(string urls, Dictionary<string, string>? settings = null) =>
        PublishedApp.LaunchAsync(AppContext.BaseDirectory, new Dictionary<string, string>(settings ?? []) { ["CODINGAGENT_DATA_DIR"] = _data }, uid: null, urls);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => AppData.DeleteAsync(_data);
}
