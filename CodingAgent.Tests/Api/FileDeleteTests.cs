using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

/// <summary>DELETE /api/sessions/{id}/files/{name}: every version, the workspace copy the kernel reads and the blobs go; refused while a run is in progress.</summary>
[Collection("app")]
public sealed class FileDeleteTests(AppFixture app) : IClassFixture<AppFixture>
{
    private string[] UploadBlobs(Guid session)
    {
        var folder = Path.Combine(app.DataDirectory, "blobs", "sessions", session.ToString("N"), "uploads");
        return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
    }

    [Fact]
    public async Task Deleting_a_file_removes_every_version_its_workspace_copy_and_its_blobs_and_the_kernel_can_no_longer_read_it()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "doomed.csv", Encoding.UTF8.GetBytes("x\n1\n"));
        await app.Client.UploadAsync(session, "doomed.csv", Encoding.UTF8.GetBytes("x\n1\n2\n"));
        await app.Client.UploadAsync(session, "kept.csv", Encoding.UTF8.GetBytes("y\n5\n"));
        app.Model.Play("read doomed before", new ToolCallTurn("import pandas as pd\nprint('sum', pd.read_csv('doomed.csv').x.sum())"), new TextTurn("Read."));
        Assert.Contains("sum 3", (await app.Client.QueryAsync(session, "read doomed before")).Stdout());
        Assert.Equal(3, UploadBlobs(session).Length);
        Assert.True(File.Exists(Path.Combine(app.WorkspacePath(session), "doomed.csv")));

        var response = await app.Client.DeleteAsync($"/api/sessions/{session}/files/doomed.csv");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var files = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files");
        Assert.Equal(["kept.csv"], files.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/doomed.csv/versions"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/doomed.csv"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/doomed.csv?version=1"), HttpStatusCode.NotFound);
        Assert.Single(UploadBlobs(session));
        Assert.False(File.Exists(Path.Combine(app.WorkspacePath(session), "doomed.csv")));
        Assert.Equal("y\n5\n", await app.Client.GetStringAsync($"/api/sessions/{session}/files/kept.csv"));
        app.Model.Play("read doomed after", new ToolCallTurn("import os\nprint('doomed', os.path.exists('doomed.csv'), 'kept', os.path.exists('kept.csv'))"), new TextTurn("Checked."));
        Assert.Contains("doomed False kept True", (await app.Client.QueryAsync(session, "read doomed after")).Stdout());

        // a new upload of the name starts again at version 1
        var again = await app.Client.UploadAsync(session, "doomed.csv", Encoding.UTF8.GetBytes("x\n7\n"));
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Deleting_an_unknown_file_or_session_is_404_and_a_bad_name_400()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "a.csv", Encoding.UTF8.GetBytes("x\n1\n"));

        await AssertProblemAsync(await app.Client.DeleteAsync($"/api/sessions/{session}/files/other.csv"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.DeleteAsync($"/api/sessions/{Guid.NewGuid()}/files/a.csv"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.DeleteAsync($"/api/sessions/{session}/files/.hidden"), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/sessions/{session}/files/a.csv")).StatusCode);
        await AssertProblemAsync(await app.Client.DeleteAsync($"/api/sessions/{session}/files/a.csv"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_file_while_the_session_answers_is_refused_with_409_naming_the_run()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "busy.csv", Encoding.UTF8.GetBytes("x\n1\n"));
        app.Model.Play("hold the file", new ToolCallTurn("import time\nprint('started', flush=True)\ntime.sleep(60)"), new TextTurn("Stopped."));
        var started = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        Guid? runId = null;
        var query = app.Client.QueryAsync(session, "hold the file", e =>
        {
            if (e.Name == "run")
            {
                runId = e.Data.GetProperty("runId").GetGuid();
            }
            else if (e.Name == "stdout" && runId is { } id)
            {
                started.TrySetResult(id);
            }
        });
        var run = await started.Task.WaitAsync(TimeSpan.FromMinutes(2));

        var refused = await AssertProblemAsync(await app.Client.DeleteAsync($"/api/sessions/{session}/files/busy.csv"), HttpStatusCode.Conflict);

        Assert.Equal(run, refused.GetProperty("runId").GetGuid());
        Assert.Contains("busy.csv", refused.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsync($"/api/sessions/{session}/runs/{run}/cancel", null)).StatusCode);
        await query;
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/sessions/{session}/files/busy.csv")).StatusCode);
    }
}
