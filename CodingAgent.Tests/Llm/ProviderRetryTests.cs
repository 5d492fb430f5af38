using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

public sealed class ProviderRetryTests(RetryingProviderFixture app) : IClassFixture<RetryingProviderFixture>
{
    [Fact]
    public async Task A_rate_limited_request_is_retried_after_Retry_After_and_the_user_is_told_before_the_answer()
    {
        var script = app.Model.Play("rate limit marker", new FailTurn(429, "1"), new TextTurn("Answered after the wait."));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "Anything (rate limit marker)");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        var notice = Assert.Single(events, e => e.Name == "notice");
        Assert.Equal("The model provider is rate-limiting; retrying in 1 s (attempt 2 of 4).", notice.Data.GetProperty("message").GetString());
        Assert.True(events.IndexOf(notice) < events.FindIndex(e => e.Name == "final"));
        Assert.Equal("Answered after the wait.", events.Single(e => e.Name == "final").Data.GetProperty("content").GetString());
        Assert.Equal(2, script.Requests.Count);
    }

    [Fact]
    public async Task Provider_errors_are_retried_with_backoff_and_each_retry_is_announced()
    {
        var script = app.Model.Play("server error marker", new FailTurn(503), new FailTurn(503), new TextTurn("Third time lucky."));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "Anything (server error marker)");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        var notices = events.Where(e => e.Name == "notice").Select(e => e.Data.GetProperty("message").GetString()!).ToList();
        Assert.Equal(2, notices.Count);
        Assert.Matches(@"^The model provider failed \(HTTP 503\); retrying in \d+ s \(attempt 2 of 4\)\.$", notices[0]);
        Assert.Matches(@"^The model provider failed \(HTTP 503\); retrying in \d+ s \(attempt 3 of 4\)\.$", notices[1]);
        Assert.Equal("Third time lucky.", events.Single(e => e.Name == "final").Data.GetProperty("content").GetString());
        Assert.Equal(3, script.Requests.Count);
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_honoured_up_to_the_longest_retry_delay()
    {
        // far beyond the 5 s cap, so the notice shows the date was read (the backoff alone would say 1 or 2 s)
        var date = DateTimeOffset.UtcNow.AddMinutes(5).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var script = app.Model.Play("retry date marker", new FailTurn(429, date), new TextTurn("Answered after the date."));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "Anything (retry date marker)");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal("The model provider is rate-limiting; retrying in 5 s (attempt 2 of 4).",
            Assert.Single(events, e => e.Name == "notice").Data.GetProperty("message").GetString());
        Assert.Equal(2, script.Requests.Count);
    }

    [Fact]
    public async Task An_unknown_model_or_endpoint_is_not_retried_and_the_run_says_what_to_check()
    {
        var script = app.Model.Play("not found marker", new FailTurn(404), new TextTurn("never sent"));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "Anything (not found marker)");

        Assert.Equal("failed", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal("The model provider 'default' does not know the model 'scripted' or the endpoint is wrong (HTTP 404): check Llm:Providers.",
            events.Single(e => e.Name == "error").Data.GetProperty("message").GetString());
        Assert.Single(script.Requests);
    }

    [Fact]
    public async Task A_request_the_provider_rejects_is_not_retried_and_the_run_says_why()
    {
        var script = app.Model.Play("bad request marker", new FailTurn(400), new TextTurn("never sent"));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "Anything (bad request marker)");

        Assert.Equal("failed", events[^1].Data.GetProperty("status").GetString());
        Assert.DoesNotContain(events, e => e.Name == "notice");
        Assert.Equal("The model provider 'default' rejected the request (HTTP 400).", events.Single(e => e.Name == "error").Data.GetProperty("message").GetString());
        Assert.Single(script.Requests);
    }
}
