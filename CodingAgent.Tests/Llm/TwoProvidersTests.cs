using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

public sealed class TwoProvidersTests(TwoProvidersFixture app) : IClassFixture<TwoProvidersFixture>
{
    [Fact]
    public async Task Every_configured_model_is_listed_with_the_default_first_and_no_endpoint_or_key()
    {
        var response = await app.Client.GetAsync("/api/models");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(TwoProvidersFixture.LocalModel, body.GetProperty("default").GetString());
        var models = body.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal([TwoProvidersFixture.LocalModel, TwoProvidersFixture.ClaudeModel, "claude/claude-fenced"], models.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["local", "claude", "claude"], models.Select(m => m.GetProperty("provider").GetString()));
        Assert.Equal(["gpt-scripted", "claude-scripted", "claude-fenced"], models.Select(m => m.GetProperty("model").GetString()));
        Assert.Equal(["Scripted GPT", "Scripted Claude", "claude-fenced"], models.Select(m => m.GetProperty("displayName").GetString()));
        Assert.Equal(["native", "native", "fenced"], models.Select(m => m.GetProperty("toolCalling").GetString()));
        Assert.DoesNotContain(ScriptedOpenAiServer.ApiKey, text);
        Assert.DoesNotContain(ScriptedAnthropicServer.ApiKey, text);
        Assert.DoesNotContain("127.0.0.1", text);
    }

    [Fact]
    public async Task A_session_on_the_Anthropic_model_runs_Python_in_the_sandbox_through_a_tool_call()
    {
        var script = app.Anthropic.Play("anthropic tool marker",
            new ToolCallTurn("print(6 * 7)", "Let me compute that."),
            new TextTurn("Six times seven is **42**."));
        var session = await CreateSessionAsync(TwoProvidersFixture.ClaudeModel);

        var events = await app.Client.QueryAsync(session, "What is six times seven? (anthropic tool marker)");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal("42\n", events.Stdout());
        Assert.Equal("Six times seven is **42**.", events.Single(e => e.Name == "final").Data.GetProperty("content").GetString());
        Assert.Equal(2, script.Requests.Count);
        Assert.All(script.Requests, r => Assert.Equal("claude-scripted", (string?)r["model"]));
        // the second request carries the tool's result back as Anthropic's tool_result block
        var toolResult = script.Requests[1]["messages"]!.AsArray().Last()!["content"]!.ToJsonString();
        Assert.Contains("tool_result", toolResult);
        Assert.Contains("42", toolResult);
        Assert.DoesNotContain(app.Model.Requests, r => r.ToJsonString().Contains("anthropic tool marker", StringComparison.Ordinal));
        Assert.Contains(app.Anthropic.Received, r => r.Path == "/v1/messages" && r.Model == "claude-scripted"
            && (r.ApiKeyHeader == ScriptedAnthropicServer.ApiKey || r.Authorization == "Bearer " + ScriptedAnthropicServer.ApiKey));
        var usage = events[^1].Data.GetProperty("usage");
        Assert.Equal(200, usage.GetProperty("inputTokens").GetInt64());
        Assert.Equal(40, usage.GetProperty("outputTokens").GetInt64());
    }

    [Fact]
    public async Task Anthropic_thinking_blocks_stream_as_thinking_events_and_stay_out_of_the_answer()
    {
        app.Anthropic.Play("anthropic thinking marker", new TextTurn("It is 12.", Reasoning: "Three rows of four make twelve."));
        var session = await CreateSessionAsync(TwoProvidersFixture.ClaudeModel);

        var events = await app.Client.QueryAsync(session, "How many? (anthropic thinking marker)");

        Assert.Equal("Three rows of four make twelve.", string.Concat(events.Where(e => e.Name == "thinking").Select(e => e.Data.GetProperty("delta").GetString())));
        Assert.True(events.FindLastIndex(e => e.Name == "thinking") < events.FindIndex(e => e.Name == "text"));
        Assert.Equal("It is 12.", events.Single(e => e.Name == "final").Data.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Two_sessions_each_ask_their_own_provider_and_a_changed_model_takes_the_next_question()
    {
        var onLocal = app.Model.Play("per session marker local", new TextTurn("Local answer."));
        var onClaude = app.Anthropic.Play("per session marker claude", new TextTurn("Claude answer."), new TextTurn("Claude again."));
        var first = await CreateSessionAsync(null);
        var second = await CreateSessionAsync(TwoProvidersFixture.ClaudeModel);

        var localEvents = await app.Client.QueryAsync(first, "Hello (per session marker local)");
        var claudeEvents = await app.Client.QueryAsync(second, "Hello (per session marker claude)");

        Assert.Equal("Local answer.", Final(localEvents));
        Assert.Equal("Claude answer.", Final(claudeEvents));
        Assert.Equal("gpt-scripted", (string?)Assert.Single(onLocal.Requests)["model"]);
        Assert.Equal("claude-scripted", (string?)Assert.Single(onClaude.Requests)["model"]);

        var changed = await app.Client.PutAsJsonAsync($"/api/sessions/{first}/model", new { model = TwoProvidersFixture.ClaudeModel });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(TwoProvidersFixture.ClaudeModel, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());
        Assert.Equal(TwoProvidersFixture.ClaudeModel, (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{first}")).GetProperty("model").GetString());

        var moved = await app.Client.QueryAsync(first, "Again (per session marker claude)");

        Assert.Equal("Claude again.", Final(moved));
        Assert.Single(onLocal.Requests);
        Assert.Equal(2, onClaude.Requests.Count);

        var reset = await app.Client.PutAsJsonAsync($"/api/sessions/{first}/model", new { model = (string?)null });
        Assert.Equal(JsonValueKind.Null, (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").ValueKind);
    }

    [Fact]
    public async Task An_unknown_model_is_refused_with_a_problem_naming_the_valid_ids()
    {
        var created = await app.Client.PostAsJsonAsync("/api/sessions", new { title = "x", model = "nope/none" });
        var problem = await Problems.AssertProblemAsync(created, HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("nope/none", detail);
        Assert.Contains(TwoProvidersFixture.LocalModel, detail);
        Assert.Contains(TwoProvidersFixture.ClaudeModel, detail);

        var session = await app.Client.CreateSessionAsync();
        var changed = await app.Client.PutAsJsonAsync($"/api/sessions/{session}/model", new { model = "local/gpt-unknown" });
        Assert.Contains(TwoProvidersFixture.ClaudeModel, (await Problems.AssertProblemAsync(changed, HttpStatusCode.BadRequest)).GetProperty("detail").GetString());
        Assert.Equal(JsonValueKind.Null, (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}")).GetProperty("model").ValueKind);

        var missing = await app.Client.PutAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/model", new { model = TwoProvidersFixture.ClaudeModel });
        await Problems.AssertProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_keys_never_reach_logs_events_responses_or_the_sandbox()
    {
        app.Anthropic.Play("environment marker", new ToolCallTurn("import os; print(dict(os.environ))"), new TextTurn("That is the environment."));
        app.Model.Play("environment marker local", new ToolCallTurn("import os; print(sorted(os.environ))"), new TextTurn("Names only."));
        var claude = await CreateSessionAsync(TwoProvidersFixture.ClaudeModel);
        var local = await CreateSessionAsync(TwoProvidersFixture.LocalModel);

        var events = new List<SseEvent>();
        events.AddRange(await app.Client.QueryAsync(claude, "Print the environment (environment marker)"));
        events.AddRange(await app.Client.QueryAsync(local, "Print the names (environment marker local)"));

        // the kernel did print its environment, and the key (in this process's environment) is not in it
        var printed = events.Stdout();
        Assert.Contains("PATH", printed);
        Assert.DoesNotContain(app.KeyVariable, printed);
        var responses = new List<string> { string.Join("\n", events.Select(e => e.Name + " " + e.Data.GetRawText())) };
        foreach (var url in new[] { "/api/models", "/api/sessions", $"/api/sessions/{claude}", $"/api/sessions/{claude}/messages", $"/api/sessions/{local}/messages" })
        {
            responses.Add(await app.Client.GetStringAsync(url));
        }
        var logs = app.Logs.Lines;
        Assert.Contains(logs, line => line.Contains("claude-scripted", StringComparison.Ordinal));
        foreach (var key in new[] { ScriptedAnthropicServer.ApiKey, ScriptedOpenAiServer.ApiKey })
        {
            Assert.DoesNotContain(key, printed);
            Assert.DoesNotContain(responses, r => r.Contains(key, StringComparison.Ordinal));
            Assert.DoesNotContain(logs, line => line.Contains(key, StringComparison.Ordinal));
        }
    }

    private async Task<Guid> CreateSessionAsync(string? model)
    {
        var response = await app.Client.PostAsJsonAsync("/api/sessions", new { title = "providers", model });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(model, body.GetProperty("model").GetString());
        return body.GetProperty("id").GetGuid();
    }

    private static string? Final(List<SseEvent> events) => events.Single(e => e.Name == "final").Data.GetProperty("content").GetString();
}
