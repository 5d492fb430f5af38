using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>Refuses a mode that does not exist, saying which modes do (each mode's own section is validated by its own validator).</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options) =>
        options.IsNone || options.IsLocal || options.IsOidc || options.IsNegotiate
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Auth:Mode '{options.Mode}' is not a mode; use one of {string.Join(", ", AuthOptions.Modes)}.");
}
