using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

public sealed class WrongKeyTests(WrongKeyFixture app) : IClassFixture<WrongKeyFixture>
{
    [Fact]
    public async Task A_refused_key_fails_the_run_saying_so_without_the_key_anywhere()
    {
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "Anything at all");

        Assert.Equal("failed", events[^1].Data.GetProperty("status").GetString());
        var error = events.Single(e => e.Name == "error").Data.GetProperty("message").GetString()!;
        Assert.Equal("The model provider 'default' refused the API key (HTTP 401): check its ApiKey or ApiKeyVariable in Llm:Providers (or OPENAI_API_KEY).", error);
        Assert.DoesNotContain(events, e => e.Data.GetRawText().Contains(WrongKeyFixture.WrongKey, StringComparison.Ordinal));
        var messages = await app.Client.GetStringAsync($"/api/sessions/{session}/messages");
        Assert.Contains("refused the API key", messages);
        Assert.DoesNotContain(WrongKeyFixture.WrongKey, messages);
        Assert.Contains(app.Logs.Lines, line => line.Contains("HTTP status 401", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(WrongKeyFixture.WrongKey, StringComparison.Ordinal));
    }
}
