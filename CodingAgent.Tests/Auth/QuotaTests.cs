using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Auth;

/// <summary>The app in mode Local with per-user quotas: 1 MB of files, one run at a time, 200 tokens a day (the scripted model reports 120 per call).</summary>
public sealed class QuotaFixture : LocalModeFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Auth:Mode"] = "Local",
        ["Quotas:StorageMbPerUser"] = "1",
        ["Quotas:ConcurrentRunsPerUser"] = "1",
        ["Agent:UserDailyTokenBudget"] = "200",
    };

    /// <summary>A new analyst's client (each test has its own users, so their usage starts at nothing).</summary>
    public async Task<HttpClient> NewUserAsync(string name) =>
        ClientWithToken((await IssueTokenAsync(await CreateUserAsync($"{name}-{Guid.NewGuid():N}@example.test"))).Token);
}

/// <summary>Per-user quotas: storage, concurrent runs and tokens per day count the user's own sessions only.</summary>
[Collection("app")]
public sealed class QuotaTests(QuotaFixture app) : IClassFixture<QuotaFixture>
{
    private static readonly byte[] _sevenHundredKb = [.. System.Text.Encoding.UTF8.GetBytes("n\n"), .. Enumerable.Repeat((byte)'1', 700 * 1024), (byte)'\n'];

    [Fact]
    public async Task An_upload_that_would_pass_the_users_storage_quota_is_refused_with_the_quota_and_the_usage()
    {
        using var a = await app.NewUserAsync("storage-a");
        using var b = await app.NewUserAsync("storage-b");
        var first = await a.CreateSessionAsync();
        var second = await a.CreateSessionAsync();
        Assert.Equal(HttpStatusCode.Created, (await a.UploadAsync(first, "one.csv", _sevenHundredKb)).StatusCode);

        var refused = await AssertProblemAsync(await a.UploadAsync(second, "two.csv", _sevenHundredKb), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("Storage quota reached", refused.GetProperty("title").GetString());
        var detail = refused.GetProperty("detail").GetString();
        Assert.Contains("Quotas:StorageMbPerUser", detail);
        Assert.Contains("of 1 MB", detail);
        Assert.Contains("use 0.68 MB", detail);
        Assert.Empty((await a.GetFromJsonAsync<JsonElement>($"/api/sessions/{second}/files")).EnumerateArray());
        // another user's storage is their own
        Assert.Equal(HttpStatusCode.Created, (await b.UploadAsync(await b.CreateSessionAsync(), "two.csv", _sevenHundredKb)).StatusCode);
    }

    [Fact]
    public async Task A_further_question_while_the_users_run_is_running_gets_429_and_other_users_are_not_held_up()
    {
        using var a = await app.NewUserAsync("runs-a");
        using var b = await app.NewUserAsync("runs-b");
        var busy = await a.CreateSessionAsync();
        var other = await a.CreateSessionAsync();
        app.Model.Play("hold the run open", new HangTurn());
        var runId = await StartAsync(a, busy, "hold the run open");
        try
        {
            var refused = await AssertProblemAsync(await a.PostAsJsonAsync($"/api/sessions/{other}/query", new { message = "a second question" }), HttpStatusCode.TooManyRequests);
            Assert.Contains("Quotas:ConcurrentRunsPerUser", refused.GetProperty("detail").GetString());
            app.Model.Play("b is not held up", new TextTurn("Fine."));
            Assert.Equal("completed", (await b.QueryAsync(await b.CreateSessionAsync(), "b is not held up"))[^1].Data.GetProperty("status").GetString());
        }
        finally
        {
            Assert.Equal(HttpStatusCode.Accepted, (await a.PostAsync($"/api/sessions/{busy}/runs/{runId}/cancel", null)).StatusCode);
        }
        await Poll.UntilAsync(async () => (await a.GetFromJsonAsync<JsonElement>($"/api/sessions/{busy}/runs/{runId}")).GetProperty("finished").GetBoolean(), "the cancelled run to finish");
        app.Model.Play("after the first is done", new TextTurn("Done."));
        Assert.Equal("completed", (await a.QueryAsync(other, "after the first is done"))[^1].Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Questions_asked_at_the_same_instant_in_the_users_sessions_start_one_run_only()
    {
        using var a = await app.NewUserAsync("runs-at-once");
        var sessions = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            sessions.Add(await a.CreateSessionAsync());
        }
        // (a check that is not atomic let two of six through in about one burst of four: several bursts)
        for (var burst = 0; burst < 4; burst++)
        {
            foreach (var i in Enumerable.Range(0, sessions.Count))
            {
                app.Model.Play($"at once {burst}.{i}", new HangTurn());
            }
            var responses = await Task.WhenAll(sessions.Select((session, i) => a.SendAsync(
                new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/query") { Content = JsonContent.Create(new { message = $"at once {burst}.{i}" }) },
                HttpCompletionOption.ResponseHeadersRead)));
            try
            {
                Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
                foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
                {
                    Assert.Contains("Quotas:ConcurrentRunsPerUser", (await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests)).GetProperty("detail").GetString());
                }
            }
            finally
            {
                // every run that started is cancelled and done before the next burst
                foreach (var (response, session) in responses.Zip(sessions).Where(p => p.First.StatusCode == HttpStatusCode.OK))
                {
                    var runId = await RunIdAsync(response);
                    Assert.Equal(HttpStatusCode.Accepted, (await a.PostAsync($"/api/sessions/{session}/runs/{runId}/cancel", null)).StatusCode);
                    await Poll.UntilAsync(async () => (await a.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/runs/{runId}")).GetProperty("finished").GetBoolean(), "the cancelled run to finish");
                }
                foreach (var response in responses)
                {
                    response.Dispose();
                }
            }
        }
    }

    [Fact]
    public async Task The_daily_token_budget_counts_the_users_own_sessions_only()
    {
        using var a = await app.NewUserAsync("tokens-a");
        using var b = await app.NewUserAsync("tokens-b");
        var session = await a.CreateSessionAsync();
        app.Model.Play("spend tokens one", new TextTurn("One."));
        app.Model.Play("spend tokens two", new TextTurn("Two."));
        await a.QueryAsync(session, "spend tokens one");
        await a.QueryAsync(session, "spend tokens two");

        var refused = await AssertProblemAsync(await a.PostAsJsonAsync($"/api/sessions/{await a.CreateSessionAsync()}/query", new { message = "three" }), HttpStatusCode.TooManyRequests);

        Assert.Contains("Agent:UserDailyTokenBudget", refused.GetProperty("detail").GetString());
        app.Model.Play("b still has a budget", new TextTurn("Yes."));
        Assert.Equal("completed", (await b.QueryAsync(await b.CreateSessionAsync(), "b still has a budget"))[^1].Data.GetProperty("status").GetString());
    }

    /// <summary>Asks a question and returns its run id as soon as the run has started (the run goes on after the stream is closed).</summary>
    private static async Task<Guid> StartAsync(HttpClient client, Guid session, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/query") { Content = JsonContent.Create(new { message }) };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return await RunIdAsync(response);
    }

    /// <summary>The run id of a question's stream: its first event's.</summary>
    private static async Task<Guid> RunIdAsync(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("runId").GetGuid();
            }
        }
        throw new InvalidOperationException("The stream ended before the run started.");
    }
}
