using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Deployment;

/// <summary>
/// kill -9 of the instance running a question, with another instance on the same PostgreSQL, Redis and S3: the other
/// instance finds the run once its session lock expired, ends it <c>interrupted</c> with what it had streamed, and the
/// session takes the next question there.
/// </summary>
public sealed class InstanceDeathTests(ClusterFixture cluster, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task An_instance_killed_mid_run_leaves_an_interrupted_run_with_its_output_and_a_free_session_within_90_seconds()
    {
        cluster.Model.Play("run on the instance that dies",
            new ToolCallTurn("print('streamed before the kill', flush=True)\nimport time\ntime.sleep(600)"),
            new TextTurn("never reached"));
        cluster.Model.Play("question after the instance died", new TextTurn("Answered by the survivor."));
        var session = await cluster.ClientA.CreateSessionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/query") { Content = JsonContent.Create(new { message = "run on the instance that dies" }) };
        using var response = await cluster.ClientA.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var runId = Guid.Parse(response.Headers.GetValues("X-Run-Id").Single());
        var seen = new TaskCompletionSource();
        _ = ApiClientExtensions.ReadEventsAsync(await response.Content.ReadAsStreamAsync(), e =>
        {
            if (e.Name == "stdout")
            {
                seen.TrySetResult();
            }
        }).ContinueWith(_ => { }, TaskScheduler.Default);
        await seen.Task.WaitAsync(TimeSpan.FromMinutes(2));
        // a follower on B, connected before the death, must end with the interruption
        var following = ApiClientExtensions.ReadEventsAsync(await cluster.ClientB.GetStreamAsync($"/api/sessions/{session}/runs/{runId}/events"));

        await cluster.A.KillAsync();
        var killed = Stopwatch.StartNew();

        var busy = await cluster.ClientB.PostAsJsonAsync($"/api/sessions/{session}/query", new { message = "question after the instance died" });
        Assert.Equal(System.Net.HttpStatusCode.Conflict, busy.StatusCode);
        JsonElement run;
        while ((run = await cluster.ClientB.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/runs/{runId}")).GetProperty("status").GetString() == "running")
        {
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(90), "the run was still 'running' 90 s after its instance died");
            await Task.Delay(250);
        }
        Assert.Equal("interrupted", run.GetProperty("status").GetString());
        output.WriteLine($"the run was interrupted {killed.Elapsed.TotalSeconds:0.0} s after its instance was killed");
        var followed = await following;
        Assert.Contains("streamed before the kill", followed.Stdout());
        Assert.Equal(["error", "done"], followed.TakeLast(2).Select(e => e.Name));
        Assert.Equal("interrupted", followed[^1].Data.GetProperty("status").GetString());
        var answer = (await cluster.ClientB.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages"))[1];
        var step = Assert.Single(answer.GetProperty("steps").EnumerateArray());
        Assert.Contains("streamed before the kill", step.GetProperty("stdout").GetString());
        Assert.Equal("Interrupted", step.GetProperty("error").GetProperty("type").GetString());

        var next = await cluster.ClientB.QueryAsync(session, "question after the instance died");
        Assert.Equal("completed", next[^1].Data.GetProperty("status").GetString());
        output.WriteLine($"the next question completed on the surviving instance {killed.Elapsed.TotalSeconds:0.0} s after the kill");

        // the killed instance comes back and serves the session too
        await cluster.RestartAAsync();
        Assert.Equal(4, (await cluster.ClientA.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages")).GetArrayLength());
    }
}
