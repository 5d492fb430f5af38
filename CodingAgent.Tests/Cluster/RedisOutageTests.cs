using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Cluster;

/// <summary>
/// The app on a password-protected Redis that goes away and comes back: readiness says so, what needs Redis fails
/// within 15 s as a 503 problem instead of hanging, and once redis-server is back on its port the same app serves
/// again with no restart. The password shows nowhere.
/// </summary>
[Collection("app")]
public sealed class RedisOutageTests(PasswordProtectedRedisServer redis, ITestOutputHelper output) : IClassFixture<PasswordProtectedRedisServer>
{
    private static readonly TimeSpan _requirement = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task While_Redis_is_down_what_needs_it_is_a_503_and_after_it_restarts_the_same_app_serves_again()
    {
        var data = NewDataDirectory();
        try
        {
            await using var app = new CodingAgentFactory(data, "http://127.0.0.1:9/v1", Settings(redis.Configuration));
            using var client = app.CreateClient();
            var locks = app.Services.GetRequiredService<ISessionLocks>();
            Assert.True(locks.IsShared);
            Assert.Equal("ready", await RedisReadinessAsync(client));
            var session = Guid.NewGuid();
            var real = await client.CreateSessionAsync("asked while Redis is down");
            await using (var lease = await locks.TryAcquireAsync(session, Guid.NewGuid(), TimeSpan.FromSeconds(30), CancellationToken.None))
            {
                Assert.NotNull(lease);
            }

            await redis.StopAsync();

            Assert.Equal("unavailable", await RedisReadinessAsync(client));
            var failing = Stopwatch.StartNew();
            var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
                locks.TryAcquireAsync(session, Guid.NewGuid(), TimeSpan.FromSeconds(30), CancellationToken.None).WaitAsync(_requirement));
            output.WriteLine($"taking a lock while Redis is down failed after {failing.Elapsed.TotalSeconds:0.0} s with {failure.GetType().Name}");
            // the client's own error (RedisConnectionException or RedisTimeoutException), not our bound running out
            Assert.IsNotType<TimeoutException>(failure);
            var (status, problem) = await HandleAsync(app, failure);
            Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.Contains("Redis is unreachable", problem.GetProperty("detail").GetString());
            Assert.DoesNotContain(PasswordProtectedRedisServer.Password, problem.GetRawText());
            // and through HTTP: a question needs the session lock
            var refused = await client.PostAsJsonAsync($"/api/sessions/{real}/query", new { message = "a question while Redis is down" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var refusal = await refused.Content.ReadAsStringAsync();
            Assert.Contains("Redis is unreachable", refusal);
            Assert.DoesNotContain(PasswordProtectedRedisServer.Password, refusal);
            // what needs only the database still works
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/sessions/{real}/messages")).StatusCode);

            await redis.StartAsync();

            await Poll.UntilAsync(async () => await RedisReadinessAsync(client) == "ready", "readiness reports Redis back");
            var run = Guid.NewGuid();
            await using var after = await locks.TryAcquireAsync(session, run, TimeSpan.FromSeconds(30), CancellationToken.None);
            Assert.NotNull(after);
            Assert.Equal(run, await locks.GetHolderAsync(session, CancellationToken.None));
            // the same question is taken now, with no app restart (the model is unreachable: the run fails, the question was accepted)
            var events = await client.QueryAsync(real, "a question once Redis is back");
            Assert.Equal("done", events[^1].Name);
            Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{real}/messages")).GetArrayLength());
        }
        finally
        {
            await AppData.DeleteAsync(data);
        }
    }

    [Fact]
    public async Task The_app_starts_while_Redis_is_down_and_is_ready_once_it_is_up()
    {
        var data = NewDataDirectory();
        await redis.StopAsync();
        try
        {
            await using var app = new CodingAgentFactory(data, "http://127.0.0.1:9/v1", Settings(redis.Configuration));
            using var client = app.CreateClient();

            Assert.Equal("ok", (await client.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("status").GetString());
            Assert.Equal("unavailable", await RedisReadinessAsync(client));

            await redis.StartAsync();

            await Poll.UntilAsync(async () => await RedisReadinessAsync(client) == "ready", "readiness reports Redis up");
        }
        finally
        {
            if (!redis.IsRunning)
            {
                await redis.StartAsync();
            }
            await AppData.DeleteAsync(data);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_reported_without_the_configuration_string()
    {
        var data = NewDataDirectory();
        const string wrong = "not-the-password-41b2";
        try
        {
            await using var app = new CodingAgentFactory(data, "http://127.0.0.1:9/v1", Settings($"127.0.0.1:{redis.Port},password={wrong}"));
            using var client = app.CreateClient();

            var response = await client.GetAsync("/healthz/ready");

            var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unavailable", problem.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
            Assert.DoesNotContain(wrong, problem.GetRawText());
            Assert.DoesNotContain($":{redis.Port}", problem.GetRawText());
        }
        finally
        {
            await AppData.DeleteAsync(data);
        }
    }

    internal static Dictionary<string, string?> Settings(string configuration) => new()
    {
        ["Redis:Configuration"] = configuration,
        ["Sandbox:WarmKernels"] = "0",
    };

    internal static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "codingagent-redis-app-" + Guid.NewGuid().ToString("N"));

    /// <summary><c>checks.redis.status</c> of <c>GET /healthz/ready</c> (200 or a 503 problem).</summary>
    private static async Task<string?> RedisReadinessAsync(HttpClient client)
    {
        var response = await client.GetAsync("/healthz/ready");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(PasswordProtectedRedisServer.Password, body.GetRawText());
        return body.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString();
    }

    /// <summary>What the app's exception handlers answer to <paramref name="exception"/> thrown by a request.</summary>
    private static async Task<(int Status, JsonElement Problem)> HandleAsync(CodingAgentFactory app, Exception exception)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();
        foreach (var handler in scope.ServiceProvider.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(context, exception, CancellationToken.None))
            {
                break;
            }
        }
        Assert.Equal("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, JsonDocument.Parse(context.Response.Body).RootElement.Clone());
    }
}
