using CodingAgent.Core.Users;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>In <c>Auth:Mode</c> Negotiate: the default role is a role, and no principal is listed empty.</summary>
public sealed class NegotiateAuthOptionsValidator(IOptions<AuthOptions> auth) : IValidateOptions<NegotiateAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, NegotiateAuthOptions options)
    {
        if (!auth.Value.IsNegotiate)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        if (UserRoles.Normalize(options.DefaultRole) is null)
        {
            failures.Add($"Auth:Negotiate:DefaultRole '{options.DefaultRole}' is not a role; use {string.Join(", ", UserRoles.All)}.");
        }
        if (options.AdminUsers.Concat(options.AnalystUsers).Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("Auth:Negotiate:AdminUsers and AnalystUsers must not contain an empty name.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
