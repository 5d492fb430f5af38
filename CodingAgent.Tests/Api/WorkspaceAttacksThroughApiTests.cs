using System.Net;
using System.Text;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Tests.Sandbox;

namespace CodingAgent.Tests.Api;

[Collection("app")]
public sealed class ProcessWorkspaceAttacksThroughApiTests(AppFixture app) : WorkspaceAttacksThroughApiTests(app), IClassFixture<AppFixture>;

public sealed class DockerWorkspaceAttacksThroughApiTests(DockerAppFixture app) : WorkspaceAttacksThroughApiTests(app), IClassFixture<DockerAppFixture>;

/// <summary>
/// Code that leaves a thread swapping workspace entries for links while files are uploaded through the public API:
/// the host never reads, chmods or chowns through a link, on every backend.
/// </summary>
public abstract class WorkspaceAttacksThroughApiTests(AppFixture app)
{
    [Fact]
    public async Task A_link_planted_during_an_upload_is_never_followed()
    {
        using var secret = HostSecret.Create(Path.GetTempPath());
        var session = await app.Client.CreateSessionAsync();
        var events = await RunAsync(session, LinkSwapAttack.Start("data.csv", secret.FilePath, "/proc/self/environ"));

        for (var i = 0; i < 30; i++)
        {
            var sent = Encoding.UTF8.GetBytes($"a,b\n{i},{i * i}\n");
            Assert.Equal(HttpStatusCode.Created, (await app.Client.UploadAsync(session, "data.csv", sent)).StatusCode);
            var stored = await app.Client.GetByteArrayAsync($"/api/sessions/{session}/files/data.csv");
            Assert.Equal(sent, stored);
        }
        events.AddRange(await StopAttackAsync(session));

        secret.AssertUnchanged();
        secret.AssertNotInFilesOf(app.WorkspacePath(session));
        foreach (var artifact in events.Where(e => e.Name == "artifact"))
        {
            secret.AssertNotIn(await app.Client.GetStringAsync($"/api/artifacts/{artifact.Data.GetProperty("id").GetGuid()}/content"));
        }
        secret.AssertNotIn(string.Concat(events.Select(e => e.Data.ToString())));
    }

    [Fact]
    public async Task Chmod_and_chown_never_reach_a_host_file_through_a_link_at_the_upload_name_or_a_temporary_name()
    {
        using var secret = HostSecret.Create(Path.GetTempPath());
        var session = await app.Client.CreateSessionAsync();
        await RunAsync(session, $"import os\nos.symlink('{secret.FilePath}', 'data.csv')\n" + LinkSwapAttack.Start("data.csv", secret.FilePath));

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await app.Client.UploadAsync(session, "data.csv", "a\n1\n"u8.ToArray())).StatusCode);
        }
        await StopAttackAsync(session);

        secret.AssertUnchanged();
    }

    private async Task<List<SseEvent>> RunAsync(Guid session, string code)
    {
        var question = "run " + Guid.NewGuid().ToString("N");
        app.Model.Play(question, new ToolCallTurn(code), new TextTurn("Done."));
        var events = await app.Client.QueryAsync(session, question);
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        return events;
    }

    /// <summary>Stops the attack thread, which must have swapped at least one entry for a link (else the test proves nothing).</summary>
    private async Task<List<SseEvent>> StopAttackAsync(Guid session)
    {
        var events = await RunAsync(session, LinkSwapAttack.Stop);
        var swaps = events.Single(e => e.Name == "step_end").Data.GetProperty("resultText").GetString();
        Assert.True(LinkSwapAttack.Swaps(swaps) > 0, "the attack never swapped an entry for a link");
        return events;
    }
}
