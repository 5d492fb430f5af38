using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

public sealed class FailingProviderTests(FailingAnthropicFixture app) : IClassFixture<FailingAnthropicFixture>
{
    [Fact]
    public async Task A_provider_failing_every_attempt_is_asked_once_per_allowed_attempt_and_then_paused_by_the_circuit_breaker()
    {
        var script = app.Anthropic.Play("always failing marker", [.. Enumerable.Range(0, 20).Select(_ => new FailTurn(529))]);
        var session = await app.Client.CreateSessionAsync();

        var first = await app.Client.QueryAsync(session, "Anything (always failing marker)");

        // the pipeline's 3 retries and no more: the Anthropic SDK's own retries are off
        Assert.Equal(4, script.Requests.Count);
        Assert.Equal("failed", first[^1].Data.GetProperty("status").GetString());
        Assert.Equal("The model provider 'claude' failed (HTTP 529), also on retrying; try again later.", Error(first));
        Assert.Equal(
            ["(attempt 2 of 4)", "(attempt 3 of 4)", "(attempt 4 of 4)"],
            first.Where(e => e.Name == "notice").Select(e => e.Data.GetProperty("message").GetString()![^17..^1]));

        var second = await app.Client.QueryAsync(session, "Again (always failing marker)");
        Assert.Equal(8, script.Requests.Count);
        Assert.Equal("The model provider 'claude' failed (HTTP 529), also on retrying; try again later.", Error(second));

        // 8 failed attempts in a row open the circuit: the next question is refused without a request
        var third = await app.Client.QueryAsync(session, "Once more (always failing marker)");
        Assert.Equal(8, script.Requests.Count);
        Assert.Equal("failed", third[^1].Data.GetProperty("status").GetString());
        Assert.Equal("The model provider 'claude' failed repeatedly, so requests to it are paused for 30 s; try again shortly.", Error(third));
    }

    private static string? Error(List<SseEvent> events) => events.Single(e => e.Name == "error").Data.GetProperty("message").GetString();
}
