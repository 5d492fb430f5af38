using System.Security.Claims;
using CodingAgent.Core.Users;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// In every mode with sign-in the page's cookie is checked against the account on every request, as bearer tokens are:
/// a deleted or locked account is signed out at once, and a changed role applies at once.
/// </summary>
internal static class CookieRevalidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        if (services.GetRequiredService<IOptions<AuthOptions>>().Value.IsNone || context.Principal is not { } principal)
        {
            return;
        }
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindActiveAsync(principal) is not { } user)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthSchemes.Cookie);
            return;
        }
        var role = UserRoles.Normalize(user.Role) ?? UserRoles.Viewer;
        if (role != principal.FindFirstValue(ClaimTypes.Role))
        {
            context.ReplacePrincipal(AppClaims.Principal(new CurrentUser(user.Id, user.Email ?? user.Id, role), AuthSchemes.Cookie));
            context.ShouldRenew = true;
        }
    }
}
