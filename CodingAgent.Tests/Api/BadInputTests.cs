using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

[Collection("app")]
public sealed class BadInputTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Unknown_ids_get_404_problems()
    {
        var unknown = Guid.NewGuid();
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{unknown}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.DeleteAsync($"/api/sessions/{unknown}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{unknown}/messages"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{unknown}/files"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/sessions/{unknown}/query", new { message = "hi" }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.UploadAsync(unknown, "a.csv", [1, 2]), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/artifacts/{unknown}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/artifacts/{unknown}/content"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.PostAsync($"/api/sessions/{unknown}/runs/{unknown}/cancel", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync("/api/sessions/not-a-guid"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Empty_or_missing_messages_get_400()
    {
        var session = await app.Client.CreateSessionAsync();
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/sessions/{session}/query", new { message = "   " }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/sessions/{session}/query", new { }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/sessions/{session}/query", new { message = new string('x', 20_001) }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.PostAsync($"/api/sessions/{session}/query", new StringContent("{not json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        // nothing was stored for the refused questions
        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal(0, messages.GetArrayLength());
    }

    [Theory]
    [InlineData("../x.csv")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData("a/b.csv")]
    [InlineData("a\\b.csv")]
    [InlineData(".hidden")]
    public async Task Path_like_file_names_are_refused(string name)
    {
        var session = await app.Client.CreateSessionAsync();
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent([1, 2, 3]);
        form.Add(content, "file");
        // set the raw name, as a hostile client would, without the client library normalising it
        content.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"" };
        var response = await app.Client.PostAsync($"/api/sessions/{session}/files", form);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var files = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files");
        Assert.Equal(0, files.GetArrayLength());
        if (name != "..")
        {
            // (a URL ending in /.. is normalised away by the client, so that one has no file route to try)
            var download = await app.Client.GetAsync($"/api/sessions/{session}/files/{Uri.EscapeDataString(name)}");
            await AssertProblemAsync(download, name is "/etc/passwd" or "a/b.csv" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Oversize_and_missing_uploads_are_refused_and_lose_nothing()
    {
        var session = await app.Client.CreateSessionAsync();
        (await app.Client.UploadAsync(session, "keep.csv", "a,b\n1,2\n"u8.ToArray())).EnsureSuccessStatusCode();

        await AssertProblemAsync(await app.Client.UploadAsync(session, "big.csv", new byte[6 * 1024 * 1024]), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblemAsync(await app.Client.PostAsync($"/api/sessions/{session}/files", new MultipartFormDataContent { { new StringContent("x"), "other" } }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.PostAsync($"/api/sessions/{session}/files", new StringContent("x")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/missing.csv"), HttpStatusCode.NotFound);

        var files = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files");
        Assert.Equal(["keep.csv"], files.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Sessions_can_be_listed_and_deleted()
    {
        var session = await app.Client.CreateSessionAsync("to delete");
        var list = await app.Client.GetFromJsonAsync<JsonElement>("/api/sessions");
        Assert.Contains(session, list.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/sessions/{session}")).StatusCode);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_and_openapi_are_served()
    {
        var health = await app.Client.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var openApi = await app.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/sessions/{id}/query", out _));
    }
}
