using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

[Collection("app")]
public sealed class VariablesApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Variables_list_the_dataframe_a_question_created_and_never_start_a_kernel()
    {
        var session = await app.Client.CreateSessionAsync("Variables");

        // no question yet: no kernel runs, and asking does not start one
        var before = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/variables");
        Assert.False(before.GetProperty("kernelRunning").GetBoolean());
        Assert.Equal(0, before.GetProperty("items").GetArrayLength());
        Assert.False((await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/variables")).GetProperty("kernelRunning").GetBoolean());

        app.Model.Play("make a frame",
            new ToolCallTurn("df = pd.DataFrame({'city': ['Oslo', 'Lima', 'Pune'], 'sales': [1.5, 2.5, 3.5]})\nsecret = 'not-a-value-to-list'\nprint(len(df))"),
            new TextTurn("Made df."));
        var events = await app.Client.QueryAsync(session, "make a frame");
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());

        var response = await app.Client.GetAsync($"/api/sessions/{session}/variables");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var variables = JsonDocument.Parse(body).RootElement;
        Assert.True(variables.GetProperty("kernelRunning").GetBoolean());
        Assert.False(variables.GetProperty("stale").GetBoolean());
        var items = variables.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        var df = items["df"];
        Assert.Equal("DataFrame", df.GetProperty("type").GetString());
        Assert.Equal([3L, 2L], df.GetProperty("shape").EnumerateArray().Select(n => n.GetInt64()));
        Assert.True(df.GetProperty("bytes").GetInt64() > 0);
        Assert.Equal("str", items["secret"].GetProperty("type").GetString());
        Assert.DoesNotContain("not-a-value-to-list", body, StringComparison.Ordinal);
        Assert.DoesNotContain("pd", items.Keys);
    }

    [Fact]
    public async Task Variables_of_an_unknown_session_are_a_404_problem()
    {
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{Guid.NewGuid()}/variables"), HttpStatusCode.NotFound);
    }
}
