using System.Net;
using System.Net.Http.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Api;

/// <summary>The app with a session token budget of 250 (the scripted model reports 120 tokens per call).</summary>
public sealed class SessionBudgetAppFixture : AppFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Agent:SessionTokenBudget"] = "250" };
}

[Collection("app")]
public sealed class TokenBudgetTests(SessionBudgetAppFixture app) : IClassFixture<SessionBudgetAppFixture>
{
    [Fact]
    public async Task A_session_over_its_token_budget_stops_its_run_clearly_and_refuses_the_next_question_with_429()
    {
        app.Model.Play("spend the budget", new ToolCallTurn("x = 1"), new ToolCallTurn("y = 2"), new ToolCallTurn("z = 3"), new TextTurn("never sent"));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "spend the budget");
        var refused = await app.Client.PostAsJsonAsync($"/api/sessions/{session}/query", new { message = "one more question" });
        var other = await app.Client.CreateSessionAsync();
        app.Model.Play("another session", new TextTurn("Fine."));
        var elsewhere = await app.Client.QueryAsync(other, "another session");

        Assert.Equal(2, events.Count(e => e.Name == "code"));
        Assert.Equal("failed", events[^1].Data.GetProperty("status").GetString());
        Assert.Contains("token budget of 250 tokens", events.Single(e => e.Name == "error").Data.GetProperty("message").GetString());
        var problem = await Problems.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("Token budget reached", problem.GetProperty("title").GetString());
        Assert.Contains("Agent:SessionTokenBudget", problem.GetProperty("detail").GetString());
        var messages = await app.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("completed", elsewhere[^1].Data.GetProperty("status").GetString());
    }
}
