using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Database;

/// <summary>The app started on a data folder of the previous release upgrades its SQLite database in place.</summary>
[Collection("app")]
public sealed class PreviousReleaseUpgradeTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "codingagent-upgrade-" + Guid.NewGuid().ToString("N"));
    private ScriptedOpenAiServer _model = null!;

    public async Task InitializeAsync()
    {
        _model = await ScriptedOpenAiServer.StartAsync();
        await PreviousRelease.CreateDataFolderAsync(_data);
    }

    [Fact]
    public async Task A_previous_release_database_is_upgraded_with_its_rows_and_its_upload_becomes_version_1()
    {
        var session = PreviousRelease.SessionId;
        await using var app = new CodingAgentFactory(_data, _model.BaseUrl);
        using var client = app.CreateClient();

        var sessions = await client.GetFromJsonAsync<JsonElement>("/api/sessions");
        var listed = Assert.Single(sessions.EnumerateArray());
        Assert.Equal((session, "Sales review"), (listed.GetProperty("id").GetGuid(), listed.GetProperty("title").GetString()));
        Assert.Equal(PreviousRelease.SessionCreatedAt, listed.GetProperty("createdAt").GetDateTimeOffset());

        var messages = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal(["What were the total sales?", "Total sales were 42."], messages.EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        var answer = messages[1];
        Assert.Equal(("completed", PreviousRelease.RunId), (answer.GetProperty("status").GetString(), answer.GetProperty("runId").GetGuid()));
        var step = Assert.Single(answer.GetProperty("steps").EnumerateArray());
        Assert.Equal((PreviousRelease.StepId, "42\n"), (step.GetProperty("id").GetGuid(), step.GetProperty("stdout").GetString()));
        Assert.Equal([PreviousRelease.ArtifactId], answer.GetProperty("artifactIds").EnumerateArray().Select(a => a.GetGuid()));
        var artifact = await client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{PreviousRelease.ArtifactId}");
        Assert.Equal(("table", "table-1.json"), (artifact.GetProperty("kind").GetString(), artifact.GetProperty("name").GetString()));

        var files = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files");
        Assert.Equal([("sales.csv", 33L)], files.EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("size").GetInt64())));
        var repository = app.Services.GetRequiredService<ISessionRepository>();
        var legacy = Assert.Single(await repository.ListFileVersionsAsync(session, "sales.csv", CancellationToken.None));
        Assert.Equal((1, (string?)null), (legacy.Version, legacy.BlobKey));
        Assert.Equal(PreviousRelease.SalesCsv, await client.GetByteArrayAsync($"/api/sessions/{session}/files/sales.csv"));

        var newer = "region,revenue\nnorth,30\nsouth,32\n"u8.ToArray();
        Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(session, "sales.csv", newer)).StatusCode);

        Assert.Equal([2, 1], (await repository.ListFileVersionsAsync(session, "sales.csv", CancellationToken.None)).Select(f => f.Version));
        Assert.Equal(newer, await client.GetByteArrayAsync($"/api/sessions/{session}/files/sales.csv"));
        Assert.Equal(PreviousRelease.SalesCsv, await client.GetByteArrayAsync($"/api/sessions/{session}/files/sales.csv?version=1"));

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        await AppData.DeleteAsync(_data);
    }
}
