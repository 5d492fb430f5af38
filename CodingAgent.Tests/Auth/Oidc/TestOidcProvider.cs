using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CodingAgent.Tests.Auth.Oidc;

/// <summary>
/// A real OpenID Connect provider for the tests: OpenIddict's server on Kestrel at 127.0.0.1 (a free port, plain http:
/// loopback only), with discovery, JWKS, an authorization endpoint that shows a minimal sign-in form (user name and
/// password), a token endpoint (authorization code with PKCE), userinfo, and id tokens with <c>sub</c>, <c>email</c>
/// and a <c>roles</c> claim. Keys are ephemeral (made at start, never stored). One confidential client,
/// <see cref="ClientId"/>, whose redirect URIs the tests add (<see cref="AllowRedirectUriAsync"/>).
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "codingagent";
    public const string ClientSecret = "test-client-secret-7c1f";
    public const string RolesClaim = "roles";

    private readonly ConcurrentDictionary<string, TestOidcUser> _users = new(StringComparer.Ordinal);
    private WebApplication _app = null!;

    /// <summary>The issuer, <c>http://127.0.0.1:PORT/</c>.</summary>
    public string Authority { get; private set; } = "";

    /// <summary>How many times the token endpoint issued tokens (each sign-in once).</summary>
    public int TokensIssued => _tokensIssued;

    private int _tokensIssued;

    public static async Task<TestOidcProvider> StartAsync(params IEnumerable<string> redirectUris)
    {
        var provider = new TestOidcProvider();
        await provider.InitializeAsync(redirectUris);
        return provider;
    }

    public void AddUser(TestOidcUser user) => _users[user.UserName] = user;

    /// <summary>Lets the client be sent back to <paramref name="redirectUri"/> (an app started on a port known only now).</summary>
    public async Task AllowRedirectUriAsync(string redirectUri)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var client = await manager.FindByClientIdAsync(ClientId) ?? throw new InvalidOperationException("The client is not registered.");
        var descriptor = new OpenIddictApplicationDescriptor();
        await manager.PopulateAsync(descriptor, client);
        descriptor.RedirectUris.Add(new Uri(redirectUri));
        await manager.UpdateAsync(client, descriptor);
    }

    private async Task InitializeAsync(IEnumerable<string> redirectUris)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var database = "oidc-" + Guid.NewGuid().ToString("N");
        builder.Services.AddDbContext<TestOidcProviderDbContext>(options =>
        {
            options.UseInMemoryDatabase(database);
            options.UseOpenIddict();
        });
        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<TestOidcProviderDbContext>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo");
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                options.DisableAccessTokenEncryption();
                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication();
        builder.Services.AddAuthorization();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)AuthorizeAsync);
        _app.MapPost("/connect/token", (Func<HttpContext, Task<IResult>>)TokenAsync);
        _app.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)UserInfoAsync);
        await _app.StartAsync();
        Authority = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

        await using var scope = _app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "CodingAgent",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in redirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri));
        }
        await manager.CreateAsync(descriptor);
    }

    /// <summary>GET shows the sign-in form (the request's parameters in hidden fields); POST with a known user name and password signs in.</summary>
    private async Task<IResult> AuthorizeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var userName = form?["username"].ToString();
        if (form is null || userName is null || !_users.TryGetValue(userName, out var user) || user.Password != form["password"].ToString())
        {
            return Results.Content(SignInForm(form is null ? context.Request.Query : form, form is not null), "text/html; charset=utf-8");
        }
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, RolesClaim);
        identity.SetClaim(Claims.Subject, user.Subject)
            .SetClaim(Claims.Name, user.UserName)
            .SetClaims(RolesClaim, [.. user.Roles]);
        if (user.Email is not null)
        {
            identity.SetClaim(Claims.Email, user.Email);
        }
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!request.IsAuthorizationCodeGrantType())
        {
            return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        Interlocked.Increment(ref _tokensIssued);
        return Results.SignIn(result.Principal!, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal!;
        return Results.Ok(new Dictionary<string, object?>
        {
            [Claims.Subject] = principal.GetClaim(Claims.Subject),
            [Claims.Email] = principal.GetClaim(Claims.Email),
            [RolesClaim] = principal.GetClaims(RolesClaim),
        });
    }

    private static string SignInForm(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters, bool failed)
    {
        var html = new StringBuilder("<!doctype html><html><head><title>Test provider sign-in</title></head><body><form method=\"post\" action=\"/connect/authorize\">");
        foreach (var (key, values) in parameters.Where(p => p.Key is not ("username" or "password")))
        {
            foreach (var value in values)
            {
                html.Append(CultureInvariant($"<input type=\"hidden\" name=\"{HtmlEncoder.Default.Encode(key)}\" value=\"{HtmlEncoder.Default.Encode(value ?? "")}\">"));
            }
        }
        if (failed)
        {
            html.Append("<p id=\"error\">Unknown user name or wrong password.</p>");
        }
        html.Append("<label>User name <input id=\"username\" name=\"username\" autocomplete=\"username\"></label>");
        html.Append("<label>Password <input id=\"password\" name=\"password\" type=\"password\"></label>");
        html.Append("<button id=\"submit\" type=\"submit\">Sign in</button></form></body></html>");
        return html.ToString();
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
