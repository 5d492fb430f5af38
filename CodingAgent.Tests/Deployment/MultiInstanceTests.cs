using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Deployment;

/// <summary>Two app processes on one PostgreSQL, Redis and S3: whichever instance a request reaches, it gets the same service.</summary>
public sealed class MultiInstanceTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_session_and_file_made_on_one_instance_are_served_by_the_other_which_fetches_the_file_for_a_question()
    {
        var csv = Encoding.UTF8.GetBytes("city,sales\nOslo,12\nLima,30\n");
        var session = await cluster.ClientA.CreateSessionAsync("made on A");
        Assert.Equal(HttpStatusCode.Created, (await cluster.ClientA.UploadAsync(session, "cities.csv", csv)).StatusCode);

        Assert.Equal("made on A", (await cluster.ClientB.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}")).GetProperty("title").GetString());
        Assert.Equal("cities.csv", (await cluster.ClientB.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files"))[0].GetProperty("name").GetString());
        Assert.Equal(csv, await cluster.ClientB.GetByteArrayAsync($"/api/sessions/{session}/files/cities.csv"));
        Assert.False(Directory.Exists(Path.Combine(cluster.DataB, "workspaces", session.ToString("N"))), "B has not seen the session yet");

        cluster.Model.Play("sales total asked on B",
            new ToolCallTurn("import pandas as pd\nprint('total', pd.read_csv('cities.csv').sales.sum())"),
            new TextTurn("The total is 42."));
        var events = await cluster.ClientB.QueryAsync(session, "sales total asked on B");

        Assert.Contains("total 42", events.Stdout());
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        // and A serves B's answer
        var messages = await cluster.ClientA.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal("The total is 42.", messages[1].GetProperty("content").GetString());

        // a new version uploaded on B is what a question on A reads
        await cluster.ClientB.UploadAsync(session, "cities.csv", Encoding.UTF8.GetBytes("city,sales\nOslo,100\n"));
        cluster.Model.Play("sales total asked on A after B's upload",
            new ToolCallTurn("import pandas as pd\nprint('total', pd.read_csv('cities.csv').sales.sum())"),
            new TextTurn("The total is 100."));
        Assert.Contains("total 100", (await cluster.ClientA.QueryAsync(session, "sales total asked on A after B's upload")).Stdout());
    }

    [Fact]
    public async Task A_run_on_one_instance_is_followed_live_from_the_other()
    {
        cluster.Model.Play("slow run followed from B",
            new ToolCallTurn("import time\nprint('first', flush=True)\ntime.sleep(3)\nprint('second', flush=True)"),
            new TextTurn("Followed across instances."));
        var session = await cluster.ClientA.CreateSessionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/query") { Content = JsonContent.Create(new { message = "slow run followed from B" }) };
        using var response = await cluster.ClientA.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var runId = Guid.Parse(response.Headers.GetValues("X-Run-Id").Single());
        var onA = ApiClientExtensions.ReadEventsAsync(await response.Content.ReadAsStreamAsync());

        // B joins while the run is in its step: it replays what happened and follows the rest live
        Assert.Equal(runId, (await WaitForActiveRunAsync(cluster.ClientB, session)));
        var onB = await ApiClientExtensions.ReadEventsAsync(await cluster.ClientB.GetStreamAsync($"/api/sessions/{session}/runs/{runId}/events"));

        var seenOnA = await onA;
        Assert.Equal(seenOnA.Select(e => (e.Id, e.Name, e.Data.GetRawText())), onB.Select(e => (e.Id, e.Name, e.Data.GetRawText())));
        Assert.Equal("firstsecond", onB.Stdout().Replace("\n", "", StringComparison.Ordinal));
        Assert.Equal("completed", onB[^1].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Two_questions_at_once_on_one_session_through_different_instances_run_exactly_once()
    {
        cluster.Model.Play("contended question", new ToolCallTurn("import time\ntime.sleep(2)\nprint('ran')"), new TextTurn("Answered once."));
        var session = await cluster.ClientA.CreateSessionAsync();

        var responses = await Task.WhenAll(
            cluster.ClientA.PostAsJsonAsync($"/api/sessions/{session}/query", new { message = "contended question" }),
            cluster.ClientB.PostAsJsonAsync($"/api/sessions/{session}/query", new { message = "contended question" }));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        var runId = Guid.Parse(winner.Headers.GetValues("X-Run-Id").Single());
        Assert.Equal(runId, (await loser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid());
        var events = await ApiClientExtensions.ReadEventsAsync(await winner.Content.ReadAsStreamAsync());
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        var messages = await cluster.ClientB.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal(2, messages.GetArrayLength());
    }

    [Fact]
    public async Task A_run_is_cancelled_from_the_instance_that_does_not_run_it()
    {
        cluster.Model.Play("long run cancelled from B", new ToolCallTurn("import time\nprint('started', flush=True)\ntime.sleep(600)"), new TextTurn("never"));
        var session = await cluster.ClientA.CreateSessionAsync();
        var seen = new TaskCompletionSource();
        var running = cluster.ClientA.QueryAsync(session, "long run cancelled from B", e =>
        {
            if (e.Name == "stdout")
            {
                seen.TrySetResult();
            }
        });
        await seen.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var runId = await WaitForActiveRunAsync(cluster.ClientB, session);

        Assert.Equal(HttpStatusCode.Accepted, (await cluster.ClientB.PostAsync($"/api/sessions/{session}/runs/{runId}/cancel", null)).StatusCode);

        var events = await running;
        Assert.Equal("cancelled", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal("cancelled", (await cluster.ClientB.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/runs/{runId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Deleting_a_session_on_one_instance_removes_its_rows_objects_and_the_workspace_caches_of_both()
    {
        var session = await cluster.ClientA.CreateSessionAsync();
        await cluster.ClientA.UploadAsync(session, "data.csv", Encoding.UTF8.GetBytes("x\n1\n2\n"));
        cluster.Model.Play("chart before deletion A", new ToolCallTurn("import pandas as pd\npd.read_csv('data.csv')"), new TextTurn("A table."));
        cluster.Model.Play("chart before deletion B", new ToolCallTurn("import pandas as pd\npd.read_csv('data.csv')"), new TextTurn("Another table."));
        await cluster.ClientA.QueryAsync(session, "chart before deletion A");
        await cluster.ClientB.QueryAsync(session, "chart before deletion B");
        var workspaceA = Path.Combine(cluster.DataA, "workspaces", session.ToString("N"));
        var workspaceB = Path.Combine(cluster.DataB, "workspaces", session.ToString("N"));
        Assert.True(Directory.Exists(workspaceA) && Directory.Exists(workspaceB));
        Assert.NotEmpty(await cluster.ObjectsOfAsync(session));

        Assert.Equal(HttpStatusCode.NoContent, (await cluster.ClientB.DeleteAsync($"/api/sessions/{session}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await cluster.ClientA.GetAsync($"/api/sessions/{session}")).StatusCode);
        Assert.Empty(await cluster.ObjectsOfAsync(session));
        Assert.False(Directory.Exists(workspaceB));
        var waited = Stopwatch.StartNew();
        while (Directory.Exists(workspaceA))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "instance A kept its copy of the deleted session's workspace");
            await Task.Delay(100);
        }
    }

    private static async Task<Guid> WaitForActiveRunAsync(HttpClient client, Guid session)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var active = (await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}")).GetProperty("activeRunId");
            if (active.ValueKind != JsonValueKind.Null)
            {
                return active.GetGuid();
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "no run became active");
            await Task.Delay(50);
        }
    }
}
