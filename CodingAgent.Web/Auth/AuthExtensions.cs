using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

public static class AuthExtensions
{
    /// <summary>The <c>Auth</c> settings (validated on start), the guard of mode None and the page's cookie rules. No CORS policy is added: browsers refuse cross-origin calls.</summary>
    public static IHostApplicationBuilder AddCodingAgentAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddHostedService<AnonymousNetworkGuard>();
        // the page's antiforgery cookie: never to script, never sent cross-site, and only over HTTPS when the page is served over HTTPS
        builder.Services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
        return builder;
    }
}
