using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Dashboards;

/// <summary>Pinning charts and tables to dashboards, and refreshing them against the current version of their files.</summary>
[Collection("app")]
public sealed class DashboardApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string LoadCode = "import pandas as pd\nimport plotly.express as px\ndf = pd.read_csv('amounts.csv')";
    private const string ChartCode = "fig = px.bar(df, x='region', y='amount', title='Amounts by region')\nfig.show()";

    [Fact]
    public async Task Refreshing_after_a_new_version_of_the_file_recomputes_the_chart_in_a_fresh_sandbox()
    {
        var (session, chartId) = await ChartSessionAsync("amounts for refresh");
        var dashboard = await CreateDashboardAsync("Sales");
        var pin = await app.Client.PostAsJsonAsync($"/api/dashboards/{dashboard}/tiles", new { artifactId = chartId });
        Assert.Equal(HttpStatusCode.Created, pin.StatusCode);
        var tile = await pin.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Amounts by region", tile.GetProperty("title").GetString());
        Assert.Equal(chartId, tile.GetProperty("currentArtifactId").GetGuid());
        Assert.True(tile.GetProperty("canRefresh").GetBoolean());
        await app.Client.UploadAsync(session, "amounts.csv", Encoding.UTF8.GetBytes("region,amount\nnorth,1000\nsouth,2000\neast,3000\n"));

        var refresh = await app.Client.PostAsync($"/api/dashboards/{dashboard}/refresh", null);

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var refreshed = Assert.Single((await refresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tiles").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, refreshed.GetProperty("lastError").ValueKind);
        var current = refreshed.GetProperty("currentArtifactId").GetGuid();
        Assert.NotEqual(chartId, current);
        Assert.Equal(chartId, refreshed.GetProperty("sourceArtifactId").GetGuid());
        var figure = await app.Client.GetStringAsync($"/api/artifacts/{current}/content");
        Assert.Contains("east", figure);
        Assert.DoesNotContain("east", await app.Client.GetStringAsync($"/api/artifacts/{chartId}/content"));
        var artifact = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{current}");
        Assert.Equal("chart", artifact.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, artifact.GetProperty("stepId").ValueKind);
        var input = Assert.Single(artifact.GetProperty("inputFiles").EnumerateArray());
        Assert.Equal(("amounts.csv", 2), (input.GetProperty("name").GetString(), input.GetProperty("version").GetInt32()));
        // the user's own kernel was not used: its DataFrame is still the one read from version 1
        app.Model.Play("sum in the live kernel", new ToolCallTurn("print('sum', df.amount.sum())"), new TextTurn("Summed."));
        Assert.Contains("sum 3", (await app.Client.QueryAsync(session, "sum in the live kernel")).Stdout());
        // the conversation does not gain the refreshed chart
        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.DoesNotContain(current, messages.EnumerateArray().SelectMany(m => m.GetProperty("artifactIds").EnumerateArray()).Select(a => a.GetGuid()));
    }

    [Fact]
    public async Task A_refresh_that_fails_keeps_the_previous_chart_and_says_why()
    {
        var (session, chartId) = await ChartSessionAsync("amounts for failure");
        var dashboard = await CreateDashboardAsync("Failing");
        var tile = await PinAsync(dashboard, chartId, "Amounts");
        await app.Client.UploadAsync(session, "amounts.csv", Encoding.UTF8.GetBytes("area,total\nnorth,1\n"));

        var refresh = await app.Client.PostAsync($"/api/dashboards/{dashboard}/tiles/{tile}/refresh", null);

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var failed = await refresh.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(chartId, failed.GetProperty("currentArtifactId").GetGuid());
        Assert.Contains("region", failed.GetProperty("lastError").GetString());
        Assert.NotEqual(JsonValueKind.Null, failed.GetProperty("lastRefreshedAt").ValueKind);
        Assert.Equal("Amounts", failed.GetProperty("title").GetString());

        // a good version again: the next refresh succeeds and clears the error
        await app.Client.UploadAsync(session, "amounts.csv", Encoding.UTF8.GetBytes("region,amount\nwest,7\n"));
        var fixedTile = await (await app.Client.PostAsync($"/api/dashboards/{dashboard}/tiles/{tile}/refresh", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, fixedTile.GetProperty("lastError").ValueKind);
        Assert.Contains("west", await app.Client.GetStringAsync($"/api/artifacts/{fixedTile.GetProperty("currentArtifactId").GetGuid()}/content"));
    }

    [Fact]
    public async Task Deleting_the_session_keeps_the_tile_but_it_cannot_be_shown_or_refreshed_and_says_why()
    {
        var (session, chartId) = await ChartSessionAsync("amounts for deletion");
        var dashboard = await CreateDashboardAsync("Orphans");
        var tile = await PinAsync(dashboard, chartId, null);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/sessions/{session}")).StatusCode);

        var kept = Assert.Single((await app.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{dashboard}")).GetProperty("tiles").EnumerateArray());
        Assert.Equal(tile, kept.GetProperty("id").GetGuid());
        Assert.Equal("chart", kept.GetProperty("kind").GetString());
        Assert.False(kept.GetProperty("canRefresh").GetBoolean());
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("sessionId").ValueKind);
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("currentArtifactId").ValueKind);
        var refreshed = await (await app.Client.PostAsync($"/api/dashboards/{dashboard}/tiles/{tile}/refresh", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("deleted", refreshed.GetProperty("lastError").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/dashboards/{dashboard}/tiles/{tile}")).StatusCode);
        Assert.Empty((await app.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{dashboard}")).GetProperty("tiles").EnumerateArray());
    }

    [Fact]
    public async Task Only_charts_and_tables_can_be_pinned_and_bad_requests_are_problems()
    {
        var session = await app.Client.CreateSessionAsync();
        app.Model.Play("a table and a file",
            new ToolCallTurn("import pandas as pd\nopen('notes.txt', 'w').write('hello')\npd.DataFrame({'a': [1, 2]})"),
            new TextTurn("Done."));
        var events = await app.Client.QueryAsync(session, "a table and a file");
        Guid ArtifactOf(string kind) => events.First(e => e.Name == "artifact" && e.Data.GetProperty("kind").GetString() == kind).Data.GetProperty("id").GetGuid();
        var dashboard = await CreateDashboardAsync("Kinds");

        var file = await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/dashboards/{dashboard}/tiles", new { artifactId = ArtifactOf("file") }), HttpStatusCode.BadRequest);
        Assert.Contains("charts and tables", file.GetProperty("detail").GetString());
        await PinAsync(dashboard, ArtifactOf("table"), "Table");
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/dashboards/{dashboard}/tiles", new { artifactId = Guid.NewGuid() }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/dashboards/{dashboard}/tiles", new { title = "no artifact" }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/dashboards/{dashboard}/tiles", new { artifactId = ArtifactOf("table"), title = new string('t', 201) }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/dashboards/{Guid.NewGuid()}/tiles", new { artifactId = ArtifactOf("table") }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.PostAsJsonAsync("/api/dashboards", new { name = "  " }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.PatchAsJsonAsync($"/api/dashboards/{dashboard}", new { name = new string('n', 201) }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/dashboards/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.DeleteAsync($"/api/dashboards/{dashboard}/tiles/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.PostAsync($"/api/dashboards/{dashboard}/tiles/{Guid.NewGuid()}/refresh", null), HttpStatusCode.NotFound);

        var tiles = (await app.Client.GetFromJsonAsync<JsonElement>($"/api/dashboards/{dashboard}")).GetProperty("tiles");
        Assert.Equal(["Table"], tiles.EnumerateArray().Select(t => t.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Dashboards_are_created_listed_renamed_and_deleted()
    {
        var first = await CreateDashboardAsync("First");
        var second = await CreateDashboardAsync("Second");

        var renamed = await app.Client.PatchAsJsonAsync($"/api/dashboards/{first}", new { name = "  Renamed  " });

        Assert.Equal("Renamed", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        var listed = (await app.Client.GetFromJsonAsync<JsonElement>("/api/dashboards")).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToList();
        Assert.True(listed.IndexOf(first) < listed.IndexOf(second), "the most recently changed dashboard is listed first");
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/dashboards/{first}")).StatusCode);
        await AssertProblemAsync(await app.Client.DeleteAsync($"/api/dashboards/{first}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(first, (await app.Client.GetFromJsonAsync<JsonElement>("/api/dashboards")).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
    }

    /// <summary>A session whose chart is made by a step after a loading step and a failed attempt.</summary>
    private async Task<(Guid Session, Guid ChartId)> ChartSessionAsync(string question)
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "amounts.csv", Encoding.UTF8.GetBytes("region,amount\nnorth,1\nsouth,2\n"));
        app.Model.Play(question,
            new ToolCallTurn(LoadCode),
            new ToolCallTurn("print(undefined_name)"),
            new ToolCallTurn(ChartCode),
            new TextTurn("Here is the chart."));
        var events = await app.Client.QueryAsync(session, question);
        return (session, events.Single(e => e.Name == "artifact").Data.GetProperty("id").GetGuid());
    }

    private async Task<Guid> CreateDashboardAsync(string name)
    {
        var response = await app.Client.PostAsJsonAsync("/api/dashboards", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> PinAsync(Guid dashboard, Guid artifactId, string? title)
    {
        var response = await app.Client.PostAsJsonAsync($"/api/dashboards/{dashboard}/tiles", new { artifactId, title });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
