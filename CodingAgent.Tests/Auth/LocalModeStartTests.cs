using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Auth;

/// <summary>Starting in mode Local: unusable <c>Auth:Local</c>/<c>Auth:BootstrapAdmin</c> settings fail the start; no administrator at all is a warning that says what to set.</summary>
public sealed class LocalModeStartTests
{
    [Theory]
    [InlineData("Auth:Local:MinPasswordLength", "4", "Auth:Local:MinPasswordLength is 4; it must be from 8 to 128.")]
    [InlineData("Auth:BootstrapAdmin:Email", "admin@example.test", "Set both Auth:BootstrapAdmin:Email and Auth:BootstrapAdmin:Password, or neither.")]
    public async Task An_unusable_setting_fails_the_start_saying_what_to_fix(string setting, string value, string expected)
    {
        var data = Path.Combine(Path.GetTempPath(), "codingagent-badauth-" + Guid.NewGuid().ToString("N"));
        var failure = await StartFailure.OfAsync(() => new CodingAgentFactory(data, "http://127.0.0.1:9/v1", new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "Local",
            [setting] = value,
        }));

        Assert.Contains(expected, failure.Failures);
        await AppData.DeleteAsync(data);
    }

    [Fact]
    public async Task Without_an_administrator_or_a_bootstrap_one_the_start_warns_how_to_make_one()
    {
        var data = Path.Combine(Path.GetTempPath(), "codingagent-noadmin-" + Guid.NewGuid().ToString("N"));
        var logs = new CapturedLogs();
        await using (var factory = new CodingAgentFactory(data, "http://127.0.0.1:9/v1", new Dictionary<string, string?> { ["Auth:Mode"] = "Local" }, logs.AddTo))
        {
            using var client = factory.CreateClient();

            Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal)
                && line.Contains("no administrator exists", StringComparison.Ordinal)
                && line.Contains("Auth__BootstrapAdmin__Email", StringComparison.Ordinal));
        }
        await AppData.DeleteAsync(data);
    }
}
