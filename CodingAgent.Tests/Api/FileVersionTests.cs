using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

/// <summary>Uploading an existing name adds a version: the old one stays listed and downloadable, code sees the new one, artifacts name what they read.</summary>
[Collection("app")]
public sealed class FileVersionTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Uploading_an_existing_name_keeps_the_old_version_and_the_kernel_reads_the_new_one()
    {
        var first = Encoding.UTF8.GetBytes("region,amount\nnorth,1\nsouth,2\n");
        var second = Encoding.UTF8.GetBytes("region,amount\nnorth,10\nsouth,20\neast,30\n");
        var session = await app.Client.CreateSessionAsync();
        Assert.Equal(1, (await (await app.Client.UploadAsync(session, "amounts.csv", first)).Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("version").GetInt32());
        app.Model.Play("total of version one", new ToolCallTurn("import pandas as pd\nprint('total', pd.read_csv('amounts.csv').amount.sum())"), new TextTurn("Total read."));
        Assert.Contains("total 3", (await app.Client.QueryAsync(session, "total of version one")).Stdout());

        var upload = await app.Client.UploadAsync(session, "amounts.csv", second);

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(2, (await upload.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("version").GetInt32());
        var files = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files");
        var current = Assert.Single(files.EnumerateArray());
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Equal(second.Length, current.GetProperty("size").GetInt64());
        var versions = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files/amounts.csv/versions");
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), versions[1].GetProperty("sha256").GetString());
        Assert.Equal(first, await app.Client.GetByteArrayAsync($"/api/sessions/{session}/files/amounts.csv?version=1"));
        Assert.Equal(second, await app.Client.GetByteArrayAsync($"/api/sessions/{session}/files/amounts.csv"));
        Assert.Equal(second, await app.Client.GetByteArrayAsync($"/api/sessions/{session}/files/amounts.csv?version=2"));
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/amounts.csv?version=3"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/amounts.csv?version=0"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/amounts.csv?version=latest"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/other.csv/versions"), HttpStatusCode.NotFound);

        // the kernel still holds the first run's variables, but reads the new version from the workspace
        app.Model.Play("total of version two", new ToolCallTurn("import pandas as pd\nprint('total', pd.read_csv('amounts.csv').amount.sum())"), new TextTurn("Total read again."));
        Assert.Contains("total 60", (await app.Client.QueryAsync(session, "total of version two")).Stdout());
    }

    [Fact]
    public async Task An_artifact_names_the_file_versions_its_kernel_had_read()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "left.csv", Encoding.UTF8.GetBytes("k,v\na,1\n"));
        await app.Client.UploadAsync(session, "left.csv", Encoding.UTF8.GetBytes("k,v\na,2\nb,3\n"));
        await app.Client.UploadAsync(session, "unread.csv", Encoding.UTF8.GetBytes("x\n1\n"));
        var right = Encoding.UTF8.GetBytes("k,w\na,9\n");
        await app.Client.UploadAsync(session, "right.csv", right);
        app.Model.Play("load left",
            new ToolCallTurn("import pandas as pd\nleft = pd.read_csv('left.csv')\nopen('scratch.txt', 'w').write('not an input')"),
            new TextTurn("Loaded."));
        app.Model.Play("join with right",
            new ToolCallTurn("import pandas as pd\nmerged = left.merge(pd.read_csv('right.csv'), on='k')\nmerged"),
            new TextTurn("Joined."));

        await app.Client.QueryAsync(session, "load left");
        var events = await app.Client.QueryAsync(session, "join with right");

        var artifactId = events.First(e => e.Name == "artifact" && e.Data.GetProperty("kind").GetString() == "table").Data.GetProperty("id").GetGuid();
        var artifact = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{artifactId}");
        var inputs = artifact.GetProperty("inputFiles").EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString(), f.GetProperty("version").GetInt32(), f.GetProperty("sha256").GetString())).ToList();
        Assert.Equal(
            [("left.csv", 2, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("k,v\na,2\nb,3\n")))), ("right.csv", 1, Convert.ToHexStringLower(SHA256.HashData(right)))],
            inputs);
    }

    [Fact]
    public async Task A_download_serves_byte_ranges()
    {
        var content = Encoding.UTF8.GetBytes("0123456789abcdef");
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "digits.txt", content);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session}/files/digits.txt");
        request.Headers.Range = new RangeHeaderValue(4, 9);

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("456789", await response.Content.ReadAsStringAsync());
        Assert.Equal(16, response.Content.Headers.ContentRange?.Length);
        Assert.NotNull(response.Headers.ETag);
    }
}
