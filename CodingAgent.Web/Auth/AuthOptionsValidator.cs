using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>Refuses a mode this version does not have, saying what to set instead.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (options.IsNone || options.IsLocal)
        {
            return ValidateOptionsResult.Success;
        }
        return AuthOptions.Modes.FirstOrDefault(m => string.Equals(m, options.Mode, StringComparison.OrdinalIgnoreCase)) is { } known
            ? ValidateOptionsResult.Fail($"Auth:Mode {known} is not available in this version; use None or Local.")
            : ValidateOptionsResult.Fail($"Auth:Mode '{options.Mode}' is not a mode; use None or Local (the modes are {string.Join(", ", AuthOptions.Modes)}, of which this version has None and Local).");
    }
}
