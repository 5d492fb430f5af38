using CodingAgent.Core.Users;

namespace CodingAgent.Web.Auth;

/// <summary>
/// <c>Auth:Mode</c> Oidc: the OpenID Connect provider (Entra ID, Keycloak, Okta, ADFS, ...) and how its role values become
/// the app's roles (README, Settings). Validated on start when the mode is Oidc (<see cref="OidcAuthOptionsValidator"/>).
/// </summary>
public sealed class OidcAuthOptions
{
    public const string SectionName = "Auth:Oidc";

    /// <summary>The provider's issuer URL (its discovery document is at <c>{Authority}/.well-known/openid-configuration</c>); https unless loopback.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>The client secret; empty for a public client (the flow uses PKCE either way).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The claim of the id token that carries the user's roles or groups (one value or several).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The scopes asked for, separated by spaces; must include <c>openid</c>.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>Values of <see cref="RoleClaim"/> that make a user an administrator.</summary>
    public List<string> AdminValues { get; set; } = [];

    /// <summary>Values of <see cref="RoleClaim"/> that make a user an analyst (runs code).</summary>
    public List<string> AnalystValues { get; set; } = [];

    /// <summary>Values of <see cref="RoleClaim"/> that make a user a viewer.</summary>
    public List<string> ViewerValues { get; set; } = [];

    /// <summary>The role of a user none of whose claim values is mapped (<c>viewer</c> unless set).</summary>
    public string DefaultRole { get; set; } = UserRoles.Viewer;

    /// <summary>The scopes as a list.</summary>
    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The highest role any of <paramref name="values"/> maps to (admin, then analyst, then viewer), else
    /// <see cref="DefaultRole"/>. A value is matched whole and, when it has spaces (a space-separated list), word by word.
    /// </summary>
    public string MapRole(IEnumerable<string> values)
    {
        var set = values.SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append(v.Trim()))
            .ToHashSet(StringComparer.Ordinal);
        return AdminValues.Any(set.Contains) ? UserRoles.Admin
            : AnalystValues.Any(set.Contains) ? UserRoles.Analyst
            : ViewerValues.Any(set.Contains) ? UserRoles.Viewer
            : UserRoles.Normalize(DefaultRole) ?? UserRoles.Viewer;
    }
}
