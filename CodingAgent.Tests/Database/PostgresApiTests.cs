using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Database;

/// <summary>The whole app with <c>Database:Provider=Postgres</c> on a real PostgreSQL.</summary>
[Collection("app")]
public sealed class PostgresApiTests(PostgresAppFixture app) : IClassFixture<PostgresAppFixture>
{
    [Fact]
    public Task A_file_is_profiled_and_cleaned_with_its_profiles_in_postgres() => Profiling.ProfileScenario.ProfileAndCleanAsync(app.Client);

    [Fact]
    public async Task A_session_runs_end_to_end_on_postgres_and_survives_a_restart()
    {
        var csv = "region,revenue\nnorth,20\nsouth,22\n"u8.ToArray();
        app.Model.Play("total revenue on postgres",
            new ToolCallTurn("import pandas as pd\nprint('total', pd.read_csv('sales.csv').revenue.sum())", "Let me add it up."),
            new TextTurn("Total revenue is 42."));
        var session = await app.Client.CreateSessionAsync("On PostgreSQL");
        Assert.Equal(HttpStatusCode.Created, (await app.Client.UploadAsync(session, "sales.csv", csv)).StatusCode);

        var events = await app.Client.QueryAsync(session, "What is the total revenue on postgres?");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        Assert.Contains("total 42", events.Stdout());
        await AssertSessionAsync(session, csv);

        await app.RestartAsync();

        await AssertSessionAsync(session, csv);
        var listed = await app.Client.GetFromJsonAsync<JsonElement>("/api/sessions");
        Assert.Contains(session, listed.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        var ready = await app.Client.GetFromJsonAsync<JsonElement>("/healthz/ready");
        Assert.Equal("ready", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Oversized_names_written_by_code_are_cut_to_the_columns_so_the_run_still_completes()
    {
        app.Model.Play("oversized names on postgres",
            new ToolCallTurn("E = type('E' * 500, (Exception,), {})\nraise E('boom')"),
            new ToolCallTurn("open('f' * 240 + '.csv', 'w').write('a\\n1\\n')"),
            new TextTurn("Both ran."));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "oversized names on postgres");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        var steps = (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages"))[1].GetProperty("steps");
        Assert.Equal(new string('E', 200), steps[0].GetProperty("error").GetProperty("type").GetString());
        var artifact = (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/artifacts")).EnumerateArray().Single();
        Assert.True(artifact.GetProperty("name").GetString()!.Length <= 200);
    }

    [Fact]
    public async Task Two_instances_starting_at_once_on_a_new_database_both_start_and_share_it()
    {
        var connectionString = app.Postgres.ConnectionString(PostgresServer.NewDatabaseName("pair"));
        var folders = new[] { NewDataFolder(), NewDataFolder() };
        var factories = folders.Select(f => new CodingAgentFactory(f, app.Model.BaseUrl, PostgresAppFixture.SettingsFor(connectionString))).ToList();
        try
        {
            var clients = await Task.WhenAll(factories.Select(f => Task.Run(f.CreateClient)));

            var session = await clients[0].CreateSessionAsync("made on the first");
            var seen = await clients[1].GetFromJsonAsync<JsonElement>($"/api/sessions/{session}");
            Assert.Equal("made on the first", seen.GetProperty("title").GetString());
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            foreach (var factory in factories)
            {
                await factory.DisposeAsync();
            }
            foreach (var folder in folders)
            {
                await AppData.DeleteAsync(folder);
            }
        }
    }

    private async Task AssertSessionAsync(Guid session, byte[] csv)
    {
        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal(["What is the total revenue on postgres?", "Total revenue is 42."], messages.EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        var answer = messages[1];
        Assert.Equal("completed", answer.GetProperty("status").GetString());
        Assert.Contains("total 42", answer.GetProperty("steps")[0].GetProperty("stdout").GetString());
        Assert.Equal(csv, await app.Client.GetByteArrayAsync($"/api/sessions/{session}/files/sales.csv"));
        var info = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}");
        Assert.Equal("On PostgreSQL", info.GetProperty("title").GetString());
    }

    private static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "codingagent-pair-" + Guid.NewGuid().ToString("N"));
}
