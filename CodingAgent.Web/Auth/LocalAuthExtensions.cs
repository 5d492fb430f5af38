using CodingAgent.Core.Users;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// <c>Auth:Mode</c> Local's accounts: the <c>Auth:Local</c> and <c>Auth:BootstrapAdmin</c> settings, Identity's
/// password rules and lockout, the sign-in check, the first administrator, and the administrators' policy.
/// </summary>
public static class LocalAuthExtensions
{
    public static IServiceCollection AddCodingAgentLocalAuth(this IServiceCollection services)
    {
        services.AddOptions<LocalAuthOptions>().BindConfiguration(LocalAuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LocalAuthOptions>, LocalAuthOptionsValidator>();
        services.AddOptions<BootstrapAdminOptions>().BindConfiguration(BootstrapAdminOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BootstrapAdminOptions>, BootstrapAdminOptionsValidator>();

        services.AddOptions<IdentityOptions>().Configure<IOptions<LocalAuthOptions>>((identity, local) =>
        {
            // length, not composition: a long pass phrase beats a short one with a digit and a symbol (NIST SP 800-63B)
            identity.Password.RequiredLength = local.Value.MinPasswordLength;
            identity.Password.RequiredUniqueChars = 4;
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = local.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(local.Value.LockoutMinutes);
            // the user name is the e-mail address, checked as one (an apostrophe or an accent is fine)
            identity.User.RequireUniqueEmail = true;
            identity.User.AllowedUserNameCharacters = "";
        });
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie).Configure<IOptions<LocalAuthOptions>>(
            (cookie, local) =>
            {
                cookie.ExpireTimeSpan = TimeSpan.FromHours(local.Value.SignInHours);
                cookie.Events.OnValidatePrincipal = CookieRevalidation.ValidateAsync;
            });
        services.AddScoped<LocalSignIn>();
        // the page's components see who is signed in (AuthorizeRouteView, the user menu)
        services.AddCascadingAuthenticationState();
        // before the Blazor Server registrations (which only add theirs when none is there)
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, AccountRevalidation>();
        // an account locked or deleted on any instance is checked again on its open pages at once
        services.AddSingleton<OpenPages>();
        services.AddHostedService<AccountSignalHandler>();
        services.AddHostedService<BootstrapAdmin>();
        services.AddAuthorizationBuilder().AddPolicy(AuthPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(UserRoles.Admin));
        return services;
    }
}
