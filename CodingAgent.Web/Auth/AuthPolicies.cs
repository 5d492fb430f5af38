namespace CodingAgent.Web.Auth;

/// <summary>The authorization policies beyond the fallback (any signed-in user).</summary>
public static class AuthPolicies
{
    /// <summary>Administrators only (in <c>Auth:Mode</c> None the one local user is one).</summary>
    public const string Admin = "admin";
}
