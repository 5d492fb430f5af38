using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

public static class AuthExtensions
{
    /// <summary>
    /// The <c>Auth</c> settings (validated on start), the guard of mode None, the page's cookie rules, and who a request is:
    /// every scheme is registered and <see cref="AuthSchemes.App"/> picks one per request by the mode. Every endpoint needs
    /// a signed-in user unless it says otherwise (the fallback policy). No CORS policy is added: browsers refuse cross-origin calls.
    /// </summary>
    public static IHostApplicationBuilder AddCodingAgentAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddHostedService<AnonymousNetworkGuard>();
        // the page's antiforgery cookie: never to script, never sent cross-site, and only over HTTPS when the page is served over HTTPS
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddScoped(sp => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContext());
        services.AddIdentityCore<AppUser>().AddEntityFrameworkStores<AppDbContext>();
        services.AddSingleton<ApiTokens>();

        services.AddAuthentication(AuthSchemes.App)
            .AddPolicyScheme(AuthSchemes.App, "CodingAgent", options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, LocalUserAuthenticationHandler>(AuthSchemes.LocalUser, null)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(AuthSchemes.Bearer, null)
            .AddCookie(AuthSchemes.Cookie, options =>
            {
                options.Cookie.Name = "CodingAgent.Auth";
                options.Cookie.HttpOnly = true;
                // Lax, not Strict: the cookie must come along when an identity provider sends the browser back; a
                // cross-site POST never carries it, and the page's forms have antiforgery tokens
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/signin";
                options.LogoutPath = "/signout";
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.Events.OnRedirectToLogin = context => IsApi(context.Request) ? AuthProblems.WriteUnauthorizedAsync(context.HttpContext) : Redirect(context);
                options.Events.OnRedirectToAccessDenied = context => IsApi(context.Request) ? AuthProblems.WriteForbiddenAsync(context.HttpContext) : Redirect(context);
            })
            .AddExternalSignIn(builder.Configuration);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCodingAgentLocalAuth();
        return builder;
    }

    private static string SelectScheme(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (options.IsNone)
        {
            return AuthSchemes.LocalUser;
        }
        return context.Request.Headers.Authorization.ToString().StartsWith(ApiTokenAuthenticationHandler.BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? AuthSchemes.Bearer
            : options.IsNegotiate ? AuthSchemes.Negotiate : AuthSchemes.Cookie;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
