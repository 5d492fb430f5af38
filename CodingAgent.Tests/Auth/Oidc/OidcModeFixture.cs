using CodingAgent.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Auth.Oidc;

/// <summary>
/// The test OpenID Connect provider (real, on 127.0.0.1) and the real app in <c>Auth:Mode</c> Oidc pointed at it
/// (the app in the test server at <c>http://localhost</c>; its back channel to the provider is real HTTP on loopback).
/// Provider roles <c>ca-admins</c> and <c>ca-analysts</c> map to admin and analyst; anything else gets the default role, viewer.
/// </summary>
public sealed class OidcModeFixture : AppFixture
{
    public const string AdminValue = "ca-admins";
    public const string AnalystValue = "ca-analysts";

    public TestOidcProvider Provider { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Provider = await TestOidcProvider.StartAsync("http://localhost/signin-oidc");
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?>? Settings => OidcSettings(Provider.Authority);

    /// <summary>Accounts need a unique e-mail address, as mode Local's account rules have it.</summary>
    protected override Action<IServiceCollection>? Services => services => services.Configure<IdentityOptions>(o => o.User.RequireUniqueEmail = true);

    /// <summary>The app's settings for mode Oidc against the test provider at <paramref name="authority"/>.</summary>
    public static Dictionary<string, string?> OidcSettings(string authority) => new()
    {
        ["Auth:Mode"] = "Oidc",
        ["Auth:Oidc:Authority"] = authority,
        ["Auth:Oidc:ClientId"] = TestOidcProvider.ClientId,
        ["Auth:Oidc:ClientSecret"] = TestOidcProvider.ClientSecret,
        ["Auth:Oidc:AdminValues:0"] = AdminValue,
        ["Auth:Oidc:AnalystValues:0"] = AnalystValue,
    };

    /// <summary>A browser-like client of the app: keeps cookies, follows no redirects (the test follows them).</summary>
    public HttpClient NewBrowserClient() =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
