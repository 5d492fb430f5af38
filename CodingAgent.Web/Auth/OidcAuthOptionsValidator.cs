using CodingAgent.Core.Users;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>In <c>Auth:Mode</c> Oidc: the authority is an absolute URL (https unless it is loopback), a client id is set, <c>openid</c> is among the scopes and the default role is a role. Every failure says which setting.</summary>
public sealed class OidcAuthOptionsValidator(IOptions<AuthOptions> auth) : IValidateOptions<OidcAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OidcAuthOptions options)
    {
        if (!auth.Value.IsOidc)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            failures.Add("Auth:Oidc:Authority is not set; set it to the provider's issuer URL (https://...).");
        }
        else if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"Auth:Oidc:Authority '{options.Authority}' is not an absolute http(s) URL.");
        }
        else if (authority.Scheme != Uri.UriSchemeHttps && !authority.IsLoopback)
        {
            failures.Add($"Auth:Oidc:Authority '{options.Authority}' must use https (plain http is accepted only for a loopback address).");
        }
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("Auth:Oidc:ClientId is not set; set it to the client id registered at the provider.");
        }
        if (!options.ScopeList.Contains("openid", StringComparer.Ordinal))
        {
            failures.Add($"Auth:Oidc:Scopes '{options.Scopes}' must include openid.");
        }
        if (string.IsNullOrWhiteSpace(options.RoleClaim))
        {
            failures.Add("Auth:Oidc:RoleClaim is empty; set the claim that carries roles (roles, groups, ...).");
        }
        if (UserRoles.Normalize(options.DefaultRole) is null)
        {
            failures.Add($"Auth:Oidc:DefaultRole '{options.DefaultRole}' is not a role; use {string.Join(", ", UserRoles.All)}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
