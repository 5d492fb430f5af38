using System.Net;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Api;

/// <summary>
/// An upload into a session whose workspace filesystem is full (docs/api.md, Files): the upload is stored and
/// answered 201, and the file reaches the workspace before the first question after code has made room.
/// </summary>
[Collection("app")]
public sealed class UploadIntoFullWorkspaceTests(SmallQuotaAppFixture app) : IClassFixture<SmallQuotaAppFixture>
{
    [Fact]
    public async Task An_upload_into_a_full_workspace_is_stored_and_placed_once_code_has_made_room()
    {
        var session = await app.Client.CreateSessionAsync();
        Assert.Equal("28", await RunAsync(session, """
            chunk = b"x" * (1024 * 1024)
            errno = None
            try:
                with open("fill.bin", "wb") as f:
                    while True:
                        f.write(chunk)
            except OSError as e:
                errno = e.errno
            errno
            """));
        var content = new byte[4 * 1024 * 1024];
        Random.Shared.NextBytes(content);

        Assert.Equal(HttpStatusCode.Created, (await app.Client.UploadAsync(session, "data.bin", content)).StatusCode);

        Assert.Equal(content, await app.Client.GetByteArrayAsync($"/api/sessions/{session}/files/data.bin"));
        Assert.Equal("False", await RunAsync(session, "import os\nexists = os.path.exists('data.bin')\nos.remove('fill.bin')\nexists"));
        Assert.Equal(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), await RunAsync(session, "os.path.getsize('data.bin')"));
    }

    private async Task<string?> RunAsync(Guid session, string code)
    {
        var question = "run " + Guid.NewGuid().ToString("N");
        app.Model.Play(question, new ToolCallTurn(code), new TextTurn("Done."));
        var events = await app.Client.QueryAsync(session, question);
        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        return events.Single(e => e.Name == "step_end").Data.GetProperty("resultText").GetString();
    }
}
