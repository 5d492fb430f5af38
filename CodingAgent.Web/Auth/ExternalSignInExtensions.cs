using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CodingAgent.Web.Auth;

/// <summary>The modes whose users sign in elsewhere: <c>Oidc</c> (an OpenID Connect provider) and <c>Negotiate</c> (Windows / Kerberos).</summary>
public static class ExternalSignInExtensions
{
    /// <summary>Where a page request without the cookie goes in mode Oidc: it challenges the provider (<c>?returnUrl=</c> a local path).</summary>
    public const string OidcSignInPath = "/signin/oidc";

    /// <summary>The settings of both modes (validated on start in their own mode), and the scheme of the configured mode.</summary>
    public static AuthenticationBuilder AddExternalSignIn(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var services = authentication.Services;
        services.AddOptions<OidcAuthOptions>().BindConfiguration(OidcAuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OidcAuthOptions>, OidcAuthOptionsValidator>();
        services.AddOptions<NegotiateAuthOptions>().BindConfiguration(NegotiateAuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NegotiateAuthOptions>, NegotiateAuthOptionsValidator>();
        services.AddScoped<ExternalUsers>();
        services.AddSingleton<SignInAudit>();

        var mode = new AuthOptions { Mode = configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.Mode)}"] ?? AuthOptions.None };
        if (mode.IsOidc)
        {
            // the handler looks at every request (its callback path), so it exists only in this mode
            authentication.AddOpenIdConnect(AuthSchemes.Oidc, "OpenID Connect", _ => { });
            services.AddScoped<OidcSignIn>();
            services.AddOptions<OpenIdConnectOptions>(AuthSchemes.Oidc).Configure<IOptions<OidcAuthOptions>>(ConfigureOidc);
            services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie).Configure(cookie =>
            {
                cookie.LoginPath = OidcSignInPath;
                cookie.ReturnUrlParameter = "returnUrl";
            });
        }
        else if (mode.IsNegotiate)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, NegotiateAuthenticationHandler>(AuthSchemes.Negotiate, "Windows", null);
        }
        return authentication;
    }

    /// <summary>Authorization code flow with PKCE; the code comes back in the query (a top-level GET, so the SameSite=Lax correlation cookies come along over http on loopback too); no tokens kept.</summary>
    private static void ConfigureOidc(OpenIdConnectOptions oidc, IOptions<OidcAuthOptions> settings)
    {
        var s = settings.Value;
        oidc.Authority = s.Authority;
        oidc.ClientId = s.ClientId;
        oidc.ClientSecret = string.IsNullOrEmpty(s.ClientSecret) ? null : s.ClientSecret;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        oidc.SaveTokens = false;
        oidc.SignInScheme = AuthSchemes.Cookie;
        oidc.SignOutScheme = AuthSchemes.Cookie;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.RequireHttpsMetadata = !Uri.TryCreate(s.Authority, UriKind.Absolute, out var authority) || !authority.IsLoopback;
        oidc.Scope.Clear();
        foreach (var scope in s.ScopeList)
        {
            oidc.Scope.Add(scope);
        }
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.Events.OnTokenValidated = context => context.HttpContext.RequestServices.GetRequiredService<OidcSignIn>().TokenValidatedAsync(context);
        oidc.Events.OnRemoteFailure = context => context.HttpContext.RequestServices.GetRequiredService<OidcSignIn>().RemoteFailureAsync(context);
    }

    /// <summary>In mode Oidc, <c>GET /signin/oidc?returnUrl=</c>: sends the browser to the provider, and back to the local path afterwards.</summary>
    public static IEndpointRouteBuilder MapExternalSignIn(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.IsOidc)
        {
            app.MapGet(OidcSignInPath, (string? returnUrl) =>
                    Results.Challenge(new AuthenticationProperties { RedirectUri = LocalPathOrRoot(returnUrl) }, [AuthSchemes.Oidc]))
                .AllowAnonymous()
                .ExcludeFromDescription();
        }
        return app;
    }

    /// <summary>Only a path of this app (never another site: an open redirect), else the root.</summary>
    public static string LocalPathOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            && !returnUrl.Contains('\r') && !returnUrl.Contains('\n')
            ? returnUrl
            : "/";
}
