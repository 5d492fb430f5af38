using System.Security.Claims;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CodingAgent.Web.Auth;

/// <summary>The account behind a signed-in principal, as long as it exists and is not locked.</summary>
internal static class ActiveAccounts
{
    public static async Task<AppUser?> FindActiveAsync(this UserManager<AppUser> users, ClaimsPrincipal principal)
    {
        var user = principal.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id ? await users.FindByIdAsync(id) : null;
        return user is null || await users.IsLockedOutAsync(user) ? null : user;
    }
}
