using CodingAgent.Web.Auth;
using Microsoft.Extensions.Options;

namespace CodingAgent.Tests.Auth;

/// <summary>The <c>Auth:Local</c> and <c>Auth:BootstrapAdmin</c> settings are checked on start, saying what to fix.</summary>
public sealed class LocalAuthSettingsTests
{
    [Fact]
    public void The_defaults_are_valid_12_characters_5_failures_15_minutes_12_hours()
    {
        var defaults = new LocalAuthOptions();

        Assert.True(new LocalAuthOptionsValidator().Validate(null, defaults).Succeeded);
        Assert.Equal((12, 5, 15, 12), (defaults.MinPasswordLength, defaults.MaxFailedSignIns, defaults.LockoutMinutes, defaults.SignInHours));
    }

    [Theory]
    [InlineData(7, 5, 15, 12, "Auth:Local:MinPasswordLength")]
    [InlineData(12, 0, 15, 12, "Auth:Local:MaxFailedSignIns")]
    [InlineData(12, 5, 0, 12, "Auth:Local:LockoutMinutes")]
    [InlineData(12, 5, 15, 0, "Auth:Local:SignInHours")]
    public void A_setting_out_of_range_fails_naming_it(int length, int failures, int minutes, int hours, string setting)
    {
        var result = new LocalAuthOptionsValidator().Validate(null, new LocalAuthOptions
        {
            MinPasswordLength = length, MaxFailedSignIns = failures, LockoutMinutes = minutes, SignInHours = hours,
        });

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin@example.test", null, "both")]
    [InlineData(null, "long enough pass", "both")]
    [InlineData("not an address", "long enough pass", "not an e-mail address")]
    [InlineData("admin@example.test", "too short", "MinPasswordLength")]
    public void A_half_set_or_unusable_bootstrap_admin_fails(string? email, string? password, string expected)
    {
        var result = BootstrapValidator().Validate(null, new BootstrapAdminOptions { Email = email, Password = password });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void No_bootstrap_admin_or_a_whole_one_is_valid()
    {
        Assert.True(BootstrapValidator().Validate(null, new BootstrapAdminOptions()).Succeeded);
        Assert.True(BootstrapValidator().Validate(null, new BootstrapAdminOptions { Email = "admin@example.test", Password = "long enough pass" }).Succeeded);
    }

    private static BootstrapAdminOptionsValidator BootstrapValidator() =>
        new(Options.Create(new AuthOptions { Mode = AuthOptions.Local }), Options.Create(new LocalAuthOptions()));
}
