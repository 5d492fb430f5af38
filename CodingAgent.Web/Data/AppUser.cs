using Microsoft.AspNetCore.Identity;

namespace CodingAgent.Web.Data;

/// <summary>An account of <c>Auth:Mode</c> Local (or a signed-in OpenID Connect user), with ASP.NET Core Identity's password hash and lockout.</summary>
public sealed class AppUser : IdentityUser
{
    /// <summary>One of <see cref="Core.Users.UserRoles"/>.</summary>
    public string Role { get; set; } = Core.Users.UserRoles.Analyst;

    public DateTimeOffset CreatedAt { get; set; }
}
