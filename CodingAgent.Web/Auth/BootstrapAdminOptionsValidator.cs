using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// <c>Auth:BootstrapAdmin</c>: both settings or neither, a real e-mail address, and (in mode Local) a password of at
/// least <c>Auth:Local:MinPasswordLength</c> characters, so that a typo fails the start instead of leaving no administrator.
/// </summary>
public sealed class BootstrapAdminOptionsValidator(IOptions<AuthOptions> auth, IOptions<LocalAuthOptions> local) : IValidateOptions<BootstrapAdminOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapAdminOptions options)
    {
        var hasEmail = !string.IsNullOrWhiteSpace(options.Email);
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        if (!hasEmail && !hasPassword)
        {
            return ValidateOptionsResult.Success;
        }
        if (hasEmail != hasPassword)
        {
            return ValidateOptionsResult.Fail("Set both Auth:BootstrapAdmin:Email and Auth:BootstrapAdmin:Password, or neither.");
        }
        if (!new EmailAddressAttribute().IsValid(options.Email!.Trim()))
        {
            return ValidateOptionsResult.Fail("Auth:BootstrapAdmin:Email is not an e-mail address.");
        }
        if (auth.Value.IsLocal && options.Password!.Length < local.Value.MinPasswordLength)
        {
            return ValidateOptionsResult.Fail($"Auth:BootstrapAdmin:Password is shorter than Auth:Local:MinPasswordLength ({local.Value.MinPasswordLength} characters).");
        }
        return ValidateOptionsResult.Success;
    }
}
