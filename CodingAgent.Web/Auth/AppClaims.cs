using System.Security.Claims;
using CodingAgent.Core.Users;

namespace CodingAgent.Web.Auth;

/// <summary>
/// The one shape of a signed-in principal, whatever signed it in: <see cref="ClaimTypes.NameIdentifier"/> is the user's
/// id, <see cref="ClaimTypes.Name"/> the e-mail address, <see cref="ClaimTypes.Role"/> one of <see cref="UserRoles"/>.
/// </summary>
public static class AppClaims
{
    public static ClaimsPrincipal Principal(CurrentUser user, string authenticationType) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)],
            authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The user of an authenticated principal; null when it is not authenticated or lacks an id or a known role.</summary>
    public static CurrentUser? ToCurrentUser(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } id
            || UserRoles.Normalize(principal.FindFirstValue(ClaimTypes.Role)) is not { } role)
        {
            return null;
        }
        return new CurrentUser(id, principal.FindFirstValue(ClaimTypes.Name) ?? id, role);
    }

    /// <summary>The user of a request that passed authorization (every route but the anonymous ones).</summary>
    public static CurrentUser RequireCurrentUser(this ClaimsPrincipal principal) =>
        principal.ToCurrentUser() ?? throw new InvalidOperationException("The request has no signed-in user; the route lacks authorization.");
}
