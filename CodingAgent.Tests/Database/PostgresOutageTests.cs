using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using Xunit.Abstractions;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Database;

/// <summary>PostgreSQL stopped and started again under a running app: 503 problems meanwhile, normal service after, no app restart.</summary>
[Collection("app")]
public sealed class PostgresOutageTests(PostgresAppFixture app, ITestOutputHelper output) : IClassFixture<PostgresAppFixture>
{
    [Fact]
    public async Task After_postgres_restarted_while_the_app_was_idle_the_first_request_succeeds()
    {
        var session = await app.Client.CreateSessionAsync("before the restart");
        // warm the pool: several connections that the restart breaks, and no request in between to notice it
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.Client.GetAsync("/api/sessions")));

        await app.Postgres.StopAsync();
        await app.Postgres.StartAsync();

        var first = await app.Client.GetAsync($"/api/sessions/{session}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("before the restart", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task While_postgres_is_down_requests_get_a_503_problem_and_once_it_is_back_the_app_serves_again()
    {
        var session = await app.Client.CreateSessionAsync("before the outage");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.Client.GetAsync("/api/sessions")));

        await app.Postgres.StopAsync();
        try
        {
            using var client = app.Factory.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(60);

            var waited = System.Diagnostics.Stopwatch.StartNew();
            var problem = await AssertProblemAsync(await client.GetAsync("/api/sessions"), HttpStatusCode.ServiceUnavailable);
            output.WriteLine($"503 after {waited.ElapsedMilliseconds} ms (a figure for the record, not asserted)");
            Assert.Contains("PostgreSQL", problem.GetProperty("detail").GetString());
            var body = problem.GetRawText();
            Assert.DoesNotContain(PostgresServer.Password, body);
            Assert.DoesNotContain(PostgresServer.User, body);
            await AssertProblemAsync(await client.PostAsJsonAsync("/api/sessions", new { title = "during the outage" }), HttpStatusCode.ServiceUnavailable);
            await AssertProblemAsync(await client.GetAsync($"/api/sessions/{session}/messages"), HttpStatusCode.ServiceUnavailable);

            var ready = await client.GetAsync("/healthz/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var readiness = await ready.Content.ReadFromJsonAsync<JsonElement>();
            var database = readiness.GetProperty("checks").GetProperty("database");
            Assert.Equal("unavailable", database.GetProperty("status").GetString());
            Assert.Contains("PostgreSQL", database.GetProperty("problem").GetString());
            Assert.DoesNotContain(PostgresServer.Password, readiness.GetRawText());
            Assert.Equal("ok", (await client.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("status").GetString());
        }
        finally
        {
            await app.Postgres.StartAsync();
        }

        var after = await app.Client.GetAsync("/api/sessions");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var sessions = await after.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(session, sessions.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        var created = await app.Client.CreateSessionAsync("after the outage");
        Assert.Equal("after the outage", (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{created}")).GetProperty("title").GetString());
        var readyAgain = await app.Client.GetFromJsonAsync<JsonElement>("/healthz/ready");
        Assert.Equal("ready", readyAgain.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_app_started_while_postgres_is_down_waits_for_it_and_then_serves()
    {
        var data = Path.Combine(Path.GetTempPath(), "codingagent-waiting-" + Guid.NewGuid().ToString("N"));
        var connectionString = app.Postgres.ConnectionString(PostgresServer.NewDatabaseName("later"));
        await app.Postgres.StopAsync();
        var factory = new CodingAgentFactory(data, app.Model.BaseUrl, PostgresAppFixture.SettingsFor(connectionString));
        try
        {
            var starting = Task.Run(factory.CreateClient);
            // an app that gave up at the first refused connection would have failed by now
            await Task.WhenAny(starting, Task.Delay(TimeSpan.FromSeconds(4)));
            Assert.False(starting.IsCompleted, starting.Exception?.ToString() ?? "the app started without its database");

            await app.Postgres.StartAsync();
            using var client = await starting;

            var session = await client.CreateSessionAsync("once the database came");
            Assert.Equal("once the database came", (await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}")).GetProperty("title").GetString());
        }
        finally
        {
            if (!File.Exists(Path.Combine(app.Postgres.DataDirectory, "postmaster.pid")))
            {
                await app.Postgres.StartAsync();
            }
            await factory.DisposeAsync();
            await AppData.DeleteAsync(data);
        }
    }
}
