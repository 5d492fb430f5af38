namespace CodingAgent.Web.Auth;

/// <summary>The authentication schemes the app registers (which ones depends on <see cref="AuthOptions.Mode"/>).</summary>
public static class AuthSchemes
{
    /// <summary>The default: picks <see cref="Bearer"/> for a request with an <c>Authorization: Bearer</c> header, else the mode's own scheme.</summary>
    public const string App = "CodingAgent";

    /// <summary>Mode None: everyone is <see cref="Core.Users.CurrentUser.Local"/>.</summary>
    public const string LocalUser = "LocalUser";

    /// <summary>A sign-in or personal access token (<see cref="ApiTokens"/>).</summary>
    public const string Bearer = "Bearer";

    /// <summary>The page's sign-in cookie.</summary>
    public const string Cookie = "CodingAgent.Cookie";

    /// <summary>Mode Oidc: the OpenID Connect provider (challenged by <c>GET /signin/oidc</c>; signs in with <see cref="Cookie"/>).</summary>
    public const string Oidc = "CodingAgent.Oidc";

    /// <summary>Mode Negotiate: Windows / Kerberos (<see cref="NegotiateAuthenticationHandler"/>; signs in with <see cref="Cookie"/>).</summary>
    public const string Negotiate = "CodingAgent.Negotiate";
}
