using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

/// <summary>Run events are stored as they happen: numbered (SSE ids), replayable after a restart, resumable with Last-Event-ID.</summary>
[Collection("app")]
public sealed class RunEventsTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Events_are_numbered_and_Last_Event_ID_resumes_after_the_last_one_seen_even_after_a_restart()
    {
        app.Model.Play("numbered events",
            new ToolCallTurn("for i in range(3):\n    print('line', i, flush=True)"),
            new TextTurn("Three lines were printed."));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "numbered events please");

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long?)i), events.Select(e => e.Id));
        var runId = events[0].Data.GetProperty("runId").GetGuid();
        var seen = events.Count / 2;
        var resumed = await FollowAsync(session, runId, lastEventId: seen);
        Assert.Equal(events.Skip(seen).Select(Describe), resumed.Select(Describe));

        await app.RestartAsync();

        var replay = await FollowAsync(session, runId, lastEventId: null);
        Assert.Equal(events.Select(Describe), replay.Select(Describe));
        var run = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/runs/{runId}");
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("finished").GetBoolean());
        var tail = await FollowAsync(session, runId, lastEventId: events.Count);
        Assert.Equal("done", Assert.Single(tail).Name);
    }

    [Fact]
    public async Task A_graceful_stop_mid_run_ends_the_run_interrupted_with_what_it_streamed()
    {
        app.Model.Play("long step during a restart",
            new ToolCallTurn("print('before the stop', flush=True)\nimport time\ntime.sleep(600)"),
            new TextTurn("never reached"));
        var session = await app.Client.CreateSessionAsync();
        var seen = new TaskCompletionSource();
        _ = app.Client.QueryAsync(session, "long step during a restart", e =>
        {
            if (e.Name == "stdout")
            {
                seen.TrySetResult();
            }
        }).ContinueWith(_ => { }, TaskScheduler.Default);
        await seen.Task.WaitAsync(TimeSpan.FromMinutes(2));

        await app.RestartAsync();

        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        var answer = messages[1];
        Assert.Equal("interrupted", answer.GetProperty("status").GetString());
        // ended by the stopping app itself, not found later by the recovery of the next start
        Assert.Equal(CodingAgent.Core.Runs.RunManager.AppStoppedReason, answer.GetProperty("error").GetString());
        Assert.Contains("before the stop", Assert.Single(answer.GetProperty("steps").EnumerateArray()).GetProperty("stdout").GetString());
        var runId = answer.GetProperty("runId").GetGuid();
        var replay = await FollowAsync(session, runId, lastEventId: null);
        Assert.Equal("interrupted", replay[^1].Data.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    public async Task A_malformed_Last_Event_ID_is_a_problem(string value)
    {
        app.Model.Play("one quick answer", new TextTurn("Quick."));
        var session = await app.Client.CreateSessionAsync();
        var events = await app.Client.QueryAsync(session, "one quick answer");
        var runId = events[0].Data.GetProperty("runId").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session}/runs/{runId}/events");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", value);

        await AssertProblemAsync(await app.Client.SendAsync(request), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_run_of_another_session_is_not_found()
    {
        app.Model.Play("answer for one session", new TextTurn("Mine."));
        var session = await app.Client.CreateSessionAsync();
        var other = await app.Client.CreateSessionAsync();
        var runId = (await app.Client.QueryAsync(session, "answer for one session"))[0].Data.GetProperty("runId").GetGuid();

        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{other}/runs/{runId}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{other}/runs/{runId}/events"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.PostAsync($"/api/sessions/{other}/runs/{runId}/cancel", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.PostAsync($"/api/sessions/{session}/runs/{runId}/cancel", null), HttpStatusCode.Conflict);
    }

    private static string Describe(SseEvent e) => $"{e.Id} {e.Name} {e.Data.GetRawText()}";

    private async Task<List<SseEvent>> FollowAsync(Guid session, Guid runId, long? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session}/runs/{runId}/events");
        if (lastEventId is { } id)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var response = await app.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiClientExtensions.ReadEventsAsync(await response.Content.ReadAsStreamAsync());
    }
}
