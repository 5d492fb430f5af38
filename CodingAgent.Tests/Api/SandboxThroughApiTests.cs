using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Tests.Sandbox;

namespace CodingAgent.Tests.Api;

/// <summary>Abuse through the public API: what hostile code does in the sandbox never reaches the file API or the host.</summary>
[Collection("app")]
public sealed class SandboxThroughApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_symlink_planted_over_an_upload_is_never_served_and_is_replaced_after_a_restart()
    {
        var session = await app.Client.CreateSessionAsync();
        var original = "a,b\n1,2\n"u8.ToArray();
        (await app.Client.UploadAsync(session, "data.csv", original)).EnsureSuccessStatusCode();
        app.Model.Play("plant a symlink",
            new ToolCallTurn("import os\nos.remove('data.csv')\nos.symlink('/etc/passwd', 'data.csv')\nos.symlink('/etc/hostname', 'other.csv')"),
            new TextTurn("Done."));

        var events = await app.Client.QueryAsync(session, "plant a symlink");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        Assert.DoesNotContain(events, e => e.Name == "artifact");
        Assert.Equal(original, await app.Client.GetByteArrayAsync($"/api/sessions/{session}/files/data.csv"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"/api/sessions/{session}/files/other.csv")).StatusCode);

        await app.RestartAsync();
        app.Model.Play("read it back", new ToolCallTurn("print(open('data.csv').read())"), new TextTurn("ok"));
        var after = await app.Client.QueryAsync(session, "read it back");
        Assert.Equal("a,b\n1,2\n\n", after.Stdout());
    }

    [Fact]
    public async Task Re_uploading_a_file_replaces_whatever_code_put_at_its_name()
    {
        var session = await app.Client.CreateSessionAsync();
        (await app.Client.UploadAsync(session, "data.csv", "a\n1\n"u8.ToArray())).EnsureSuccessStatusCode();
        app.Model.Play("turn the upload into a folder",
            new ToolCallTurn("import os\nos.remove('data.csv')\nos.makedirs('data.csv/inner')\nos.symlink('/etc', 'data.csv/etc')"),
            new TextTurn("Done."));
        await app.Client.QueryAsync(session, "turn the upload into a folder");

        var again = await app.Client.UploadAsync(session, "data.csv", "a\n2\n"u8.ToArray());

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        app.Model.Play("read the new upload", new ToolCallTurn("print(open('data.csv').read())"), new TextTurn("ok"));
        var events = await app.Client.QueryAsync(session, "read the new upload");
        Assert.True("a\n2\n\n" == events.Stdout(), string.Join("\n", events.Select(e => e.Name + " " + e.Data)));
        Assert.True(Directory.Exists("/etc"));
    }

    [Fact]
    public async Task A_pickle_payload_in_an_upload_never_runs_on_the_host()
    {
        var marker = Path.Combine(Path.GetTempPath(), "codingagent-api-pwned-" + Guid.NewGuid().ToString("N"));
        var session = await app.Client.CreateSessionAsync();
        (await app.Client.UploadAsync(session, "model.pkl", Encoding.ASCII.GetBytes($"cos\nsystem\n(Vtouch {marker}\ntR."))).EnsureSuccessStatusCode();
        app.Model.Play("load the model file", new ToolCallTurn("import pandas as pd\npd.read_pickle('model.pkl')"), new TextTurn("Loaded."));

        var events = await app.Client.QueryAsync(session, "load the model file");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        Assert.False(File.Exists(marker), "the pickle payload ran on the host");
    }

    [Fact]
    public async Task Large_tables_are_stored_whole_and_served_in_pages()
    {
        var session = await app.Client.CreateSessionAsync();
        app.Model.Play("a big table", new ToolCallTurn("pd.DataFrame({'i': range(25000), 'sq': [i * i for i in range(25000)]})"), new TextTurn("Here."));

        var events = await app.Client.QueryAsync(session, "a big table");

        var table = events.Single(e => e.Name == "artifact").Data.GetProperty("id").GetGuid();
        var page = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{table}/content?offset=20000&limit=10");
        Assert.Equal(25000, page.GetProperty("rowCount").GetInt64());
        Assert.Equal(25000, page.GetProperty("storedRowCount").GetInt32());
        Assert.Equal(20000, page.GetProperty("offset").GetInt32());
        Assert.Equal(10, page.GetProperty("rows").GetArrayLength());
        Assert.Equal(20000, page.GetProperty("rows")[0][0].GetInt32());
        Assert.Equal(400_000_000, page.GetProperty("rows")[0][1].GetInt64());
        Assert.Equal("sq", page.GetProperty("columns")[1].GetProperty("name").GetString());
        var whole = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{table}/content");
        Assert.Equal(25000, whole.GetProperty("rows").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.GetAsync($"/api/artifacts/{table}/content?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.GetAsync($"/api/artifacts/{table}/content?offset=-1")).StatusCode);
        // the model saw a bounded preview, not 25,000 rows
        var toolResult = app.Model.Requests.Last()["messages"]!.AsArray().Last(m => (string?)m!["role"] == "tool")!["content"]!.ToString();
        Assert.Contains("25000 rows x 2 columns", toolResult);
        Assert.True(toolResult.Length < 8000, $"the model got {toolResult.Length} characters");
    }
}

/// <summary>The whole app on the Docker backend (Sandbox:Provider=Docker), through the API.</summary>
public sealed class DockerBackendEndToEndTests : IAsyncLifetime
{
    private ScriptedOpenAiServer _model = null!;
    private CodingAgentFactory _factory = null!;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "codingagent-docker-e2e-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _model = await ScriptedOpenAiServer.StartAsync();
        _factory = new CodingAgentFactory(_data, _model.BaseUrl, new Dictionary<string, string?>
        {
            ["Sandbox:Provider"] = "Docker",
            ["Sandbox:DockerImage"] = SandboxImage.Tag.Value,
            ["Sandbox:InstanceName"] = "e2e-" + Guid.NewGuid().ToString("N")[..8],
        });
    }

    [Fact]
    public async Task Monthly_revenue_question_is_answered_with_the_docker_sandbox()
    {
        var client = _factory.CreateClient();
        var (csv, expected) = SalesData.Create();
        _model.Play("monthly revenue trend for 2023", new ToolCallTurn(SalesData.MonthlyTrendCode + "\nimport os\nprint(os.path.exists('/.dockerenv'))"), new TextTurn("Done."));
        var session = await client.CreateSessionAsync();
        (await client.UploadAsync(session, "sales.csv", csv)).EnsureSuccessStatusCode();

        var events = await client.QueryAsync(session, "Show me the monthly revenue trend for 2023");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        Assert.Contains("True", events.Stdout());
        var chart = events.Single(e => e.Name == "artifact").Data.GetProperty("id").GetGuid();
        var figure = await client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{chart}/content");
        var y = figure.GetProperty("data")[0].GetProperty("y").EnumerateArray().Select(v => v.GetDecimal()).ToList();
        Assert.Equal(12, y.Count);
        Assert.True(Math.Abs(expected[6] - y[6]) < 0.01m);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _model.DisposeAsync();
        await AppData.DeleteAsync(_data);
    }
}
