using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

/// <summary>Per-model settings through real HTTP: fenced code for models without tool calling, and cost from the price table.</summary>
[Collection("app")]
public sealed class ModelSettingsTests(PricedModelsFixture app) : IClassFixture<PricedModelsFixture>
{
    [Fact]
    public async Task A_model_configured_for_fenced_code_gets_no_tools_and_its_python_blocks_run()
    {
        var script = app.Model.Play("fenced model question",
            new TextTurn("Counting.\n```python\nprint(len('abcd'))\n```"),
            new TextTurn("There are 4 letters."));
        var session = await app.Client.CreateSessionAsync();
        Assert.True((await app.Client.PutAsJsonAsync($"/api/sessions/{session}/model", new { model = "local/tiny" })).IsSuccessStatusCode);

        var events = await app.Client.QueryAsync(session, "fenced model question: how many letters?");

        Assert.All(script.Requests, request => Assert.Null(request["tools"]));
        Assert.Equal("tiny", (string?)script.Requests[0]["model"]);
        Assert.Contains("```python fenced block", script.Requests[0]["messages"]![0]!["content"]!.ToString());
        Assert.Equal("4\n", events.Stdout());
        Assert.Equal("There are 4 letters.", events.Single(e => e.Name == "final").Data.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Cost_is_estimated_from_the_price_table_in_done_the_message_and_the_sessions_total()
    {
        app.Model.Play("priced question", new ToolCallTurn("print(1)"), new TextTurn("One."));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "priced question");

        // two calls of 100 prompt and 20 completion tokens: 200 × 2.5 / 1e6 + 40 × 10 / 1e6
        Assert.Equal(0.0009m, events[^1].Data.GetProperty("usage").GetProperty("cost").GetDecimal());
        var answer = (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages"))[1];
        Assert.Equal("local/smart", answer.GetProperty("model").GetString());
        Assert.Equal(0.0009m, answer.GetProperty("usage").GetProperty("cost").GetDecimal());
        var total = (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}")).GetProperty("usage");
        Assert.Equal((200L, 40L, 0.0009m), (total.GetProperty("inputTokens").GetInt64(), total.GetProperty("outputTokens").GetInt64(), total.GetProperty("cost").GetDecimal()));
    }
}
