using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>Refuses <c>Auth:Local</c> settings that would make the accounts unsafe or unusable, saying which range fits.</summary>
public sealed class LocalAuthOptionsValidator : IValidateOptions<LocalAuthOptions>
{
    public const int LowestMinPasswordLength = 8;
    public const int HighestMinPasswordLength = 128;

    public ValidateOptionsResult Validate(string? name, LocalAuthOptions options)
    {
        var failures = new List<string>();
        Check(failures, "Auth:Local:MinPasswordLength", options.MinPasswordLength, LowestMinPasswordLength, HighestMinPasswordLength);
        Check(failures, "Auth:Local:MaxFailedSignIns", options.MaxFailedSignIns, 1, 100);
        Check(failures, "Auth:Local:LockoutMinutes", options.LockoutMinutes, 1, 24 * 60);
        Check(failures, "Auth:Local:SignInHours", options.SignInHours, 1, 24 * 30);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string setting, int value, int lowest, int highest)
    {
        if (value < lowest || value > highest)
        {
            failures.Add($"{setting} is {value}; it must be from {lowest} to {highest}.");
        }
    }
}
