using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Deployment;

/// <summary>
/// The app killed with SIGKILL mid-run on its embedded defaults (SQLite, in-process locks): started again on the same
/// data, it ends the cut-off run <c>interrupted</c> with everything it had streamed, and the session answers again.
/// </summary>
public sealed class ProcessDeathTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "codingagent-killed-" + Guid.NewGuid().ToString("N"));
    private ScriptedOpenAiServer _model = null!;
    private string _published = "";

    public async Task InitializeAsync()
    {
        _model = await ScriptedOpenAiServer.StartAsync();
        _published = await PublishedApp.SharedPublishAsync();
        Directory.CreateDirectory(_data);
    }

    [Fact]
    public async Task A_run_cut_off_by_kill_9_ends_interrupted_with_its_streamed_output_and_the_session_answers_again()
    {
        _model.Play("long step before a kill",
            new ToolCallTurn("print('streamed before the kill', flush=True)\nimport time\ntime.sleep(600)"),
            new TextTurn("never reached"));
        _model.Play("question after the kill", new TextTurn("Back in service."));
        Guid session;
        Guid runId;
        await using (var first = await StartAsync())
        {
            using var client = new HttpClient { BaseAddress = first.BaseAddress };
            session = await client.CreateSessionAsync("killed mid-run");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/query") { Content = JsonContent.Create(new { message = "long step before a kill" }) };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            runId = Guid.Parse(response.Headers.GetValues("X-Run-Id").Single());
            var seen = new TaskCompletionSource();
            var reading = ApiClientExtensions.ReadEventsAsync(await response.Content.ReadAsStreamAsync(), e =>
            {
                if (e.Name == "stdout" && e.Data.GetProperty("text").GetString()!.Contains("streamed before the kill", StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            });
            Assert.Same(seen.Task, await Task.WhenAny(seen.Task, reading, Task.Delay(TimeSpan.FromMinutes(2))));

            await first.KillAsync();
        }

        await using var second = await StartAsync();
        using var again = new HttpClient { BaseAddress = second.BaseAddress };
        var run = await WaitForStatusAsync(again, session, runId, second);

        Assert.Equal("interrupted", run.GetProperty("status").GetString());
        var messages = await again.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        var answer = messages[1];
        Assert.Equal("interrupted", answer.GetProperty("status").GetString());
        Assert.Contains("stopped before it finished", answer.GetProperty("error").GetString());
        var step = Assert.Single(answer.GetProperty("steps").EnumerateArray());
        Assert.Contains("streamed before the kill", step.GetProperty("stdout").GetString());
        Assert.Contains("time.sleep(600)", step.GetProperty("code").GetString());
        Assert.Equal("Interrupted", step.GetProperty("error").GetProperty("type").GetString());
        var replay = await ApiClientExtensions.ReadEventsAsync(await again.GetStreamAsync($"/api/sessions/{session}/runs/{runId}/events"));
        Assert.Contains("streamed before the kill", replay.Stdout());
        Assert.Equal(["error", "done"], replay.TakeLast(2).Select(e => e.Name));
        Assert.Equal("interrupted", replay[^1].Data.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, (await again.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}")).GetProperty("activeRunId").ValueKind);

        var next = await again.QueryAsync(session, "question after the kill");
        Assert.Equal("completed", next[^1].Data.GetProperty("status").GetString());
    }

    private Task<PublishedApp> StartAsync() => PublishedApp.StartAsync(_published, new Dictionary<string, string>
    {
        ["CODINGAGENT_DATA_DIR"] = _data,
        ["HOME"] = _data,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["Llm__Endpoint"] = _model.BaseUrl,
        ["Llm__ApiKey"] = ScriptedOpenAiServer.ApiKey,
        ["Llm__Model"] = "scripted",
        ["Sandbox__ExecutionTimeoutSeconds"] = "900",
    }, uid: null);

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Guid session, Guid runId, PublishedApp app)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/runs/{runId}");
            if (run.GetProperty("status").GetString() != "running")
            {
                return run;
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), "the run is still 'running' after 90 s\n" + app.Log);
            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        await AppData.DeleteAsync(_data);
    }
}
