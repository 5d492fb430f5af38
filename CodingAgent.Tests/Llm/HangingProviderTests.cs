using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

public sealed class HangingProviderTests(HangingProviderFixture app) : IClassFixture<HangingProviderFixture>
{
    [Fact]
    public async Task A_provider_that_never_answers_fails_the_run_with_a_clear_message()
    {
        var script = app.Model.Play("hang marker", new HangTurn());
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "Anything (hang marker)");

        Assert.Equal("failed", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal("The model provider did not answer within 2 s.", events.Single(e => e.Name == "error").Data.GetProperty("message").GetString());
        // a timed-out call is not sent again (the provider may still be generating, and billing)
        Assert.Single(script.Requests);
        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal("The model provider did not answer within 2 s.", messages[1].GetProperty("error").GetString());
    }
}
