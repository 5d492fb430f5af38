using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

/// <summary>File names that display as something else, or that no file system can store, are refused with a 400 problem.</summary>
[Collection("app")]
public sealed class FileNameTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("invoice\u202Efdp.exe")]
    [InlineData("report\u2066.csv")]
    [InlineData("\u200Fsales.csv")]
    [InlineData("sales\u061C.csv")]
    [InlineData("sales\u200B.csv")]
    public async Task Names_with_bidirectional_controls_or_invisible_format_characters_are_refused(string name)
    {
        var session = await app.Client.CreateSessionAsync();

        var problem = await AssertProblemAsync(await app.Client.UploadAsync(session, name, "a,b\n1,2\n"u8.ToArray()), HttpStatusCode.BadRequest);

        Assert.Contains("invisible formatting character", problem.GetProperty("detail").GetString());
        await AssertSessionStillTakesUploadsAsync(session);
    }

    [Fact]
    public async Task A_name_longer_than_255_utf8_bytes_is_a_400_problem_not_a_server_error()
    {
        var session = await app.Client.CreateSessionAsync();
        var name = new string('日', 100) + ".csv";
        Assert.Equal(304, Encoding.UTF8.GetByteCount(name));

        var problem = await AssertProblemAsync(await app.Client.UploadAsync(session, name, "a,b\n1,2\n"u8.ToArray()), HttpStatusCode.BadRequest);

        Assert.Contains("304 bytes", problem.GetProperty("detail").GetString());
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/{Uri.EscapeDataString(name)}"), HttpStatusCode.BadRequest);
        await AssertSessionStillTakesUploadsAsync(session);
    }

    [Fact]
    public async Task A_name_of_255_utf8_bytes_is_stored_and_served()
    {
        var session = await app.Client.CreateSessionAsync();
        var name = new string('日', 83) + "xy.csv";
        Assert.Equal(255, Encoding.UTF8.GetByteCount(name));

        var upload = await app.Client.UploadAsync(session, name, "a,b\n1,2\n"u8.ToArray());

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal("a,b\n1,2\n", await app.Client.GetStringAsync($"/api/sessions/{session}/files/{Uri.EscapeDataString(name)}"));
    }

    /// <summary>Nothing was stored for the refused name, and a valid upload to the same session still succeeds.</summary>
    private async Task AssertSessionStillTakesUploadsAsync(Guid session)
    {
        Assert.Equal(0, (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files")).GetArrayLength());
        Assert.Equal(HttpStatusCode.Created, (await app.Client.UploadAsync(session, "valid.csv", "a,b\n1,2\n"u8.ToArray())).StatusCode);
        var files = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files");
        Assert.Equal(["valid.csv"], files.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }
}
