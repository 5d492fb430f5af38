using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Audit;

/// <summary>The append-only audit log through the API: what a user does is recorded (user "local" in Auth:Mode None) and can be read, filtered, never changed.</summary>
[Collection("app")]
public sealed class AuditApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<List<JsonElement>> EntriesOfAsync(Guid session, string query = "limit=1000")
    {
        var entries = await app.Client.GetFromJsonAsync<JsonElement>($"/api/audit?{query}");
        return [.. entries.EnumerateArray().Where(e => e.GetProperty("sessionId").ValueKind != JsonValueKind.Null && e.GetProperty("sessionId").GetGuid() == session)];
    }

    [Fact]
    public async Task A_question_with_a_tool_call_leaves_a_question_and_a_code_execution_entry_with_the_code_hash()
    {
        const string code = "print('audited', 6 * 7)";
        app.Model.Play("audit this question", new ToolCallTurn(code), new TextTurn("It is 42."));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "audit this question");

        Assert.Contains("audited 42", events.Stdout());
        var entries = await EntriesOfAsync(session);
        // newest first: the code ran after the question was asked
        Assert.Equal(["code_execution", "question"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("local", e.GetProperty("user").GetString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code))), entries[0].GetProperty("codeSha256").GetString());
        Assert.Equal(JsonValueKind.Null, entries[1].GetProperty("codeSha256").ValueKind);
        Assert.Equal($"{"audit this question".Length} characters", entries[1].GetProperty("detail").GetString());
        Assert.True(entries[0].GetProperty("at").GetDateTimeOffset() >= entries[1].GetProperty("at").GetDateTimeOffset());
        Assert.NotEqual(entries[0].GetProperty("id").GetGuid(), entries[1].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Upload_download_file_deletion_and_session_deletion_each_leave_an_entry_in_order()
    {
        var session = await app.Client.CreateSessionAsync();
        Assert.Equal(HttpStatusCode.Created, (await app.Client.UploadAsync(session, "audited.csv", Encoding.UTF8.GetBytes("a\n1\n"))).StatusCode);
        Assert.Equal("a\n1\n", await app.Client.GetStringAsync($"/api/sessions/{session}/files/audited.csv"));
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/sessions/{session}/files/audited.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/sessions/{session}")).StatusCode);

        var entries = await EntriesOfAsync(session);

        // the record outlives the session it names
        Assert.Equal(["session_deleted", "file_deleted", "download", "upload"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal("audited.csv (4 bytes)", entries[3].GetProperty("detail").GetString());
        Assert.Equal("audited.csv (version 1)", entries[2].GetProperty("detail").GetString());
        Assert.Equal("audited.csv", entries[1].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Entries_are_filtered_by_user_time_and_limit()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "one.csv", Encoding.UTF8.GetBytes("a\n1\n"));
        await app.Client.UploadAsync(session, "two.csv", Encoding.UTF8.GetBytes("a\n2\n"));
        var mine = await EntriesOfAsync(session, "user=local&limit=1000");
        Assert.Equal(["two.csv (4 bytes)", "one.csv (4 bytes)"], mine.Select(e => e.GetProperty("detail").GetString()));
        var first = mine[1].GetProperty("at").GetDateTimeOffset();
        var second = mine[0].GetProperty("at").GetDateTimeOffset();

        Assert.Empty(await EntriesOfAsync(session, "user=somebody-else"));
        var latest = await app.Client.GetFromJsonAsync<JsonElement>("/api/audit?limit=1");
        Assert.Equal(1, latest.GetArrayLength());
        var from = Uri.EscapeDataString(second.ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(["two.csv (4 bytes)"], (await EntriesOfAsync(session, $"from={from}")).Select(e => e.GetProperty("detail").GetString()));
        // to is exclusive
        var to = Uri.EscapeDataString(second.ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(first < second ? ["one.csv (4 bytes)"] : [], (await EntriesOfAsync(session, $"to={to}")).Select(e => e.GetProperty("detail").GetString()));
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture));
        Assert.Empty(await EntriesOfAsync(session, $"from={future}"));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=ten")]
    [InlineData("limit=-5")]
    [InlineData("from=yesterday")]
    [InlineData("from=2026-01-31T08:00:00")]
    [InlineData("to=2026-13-01T00:00:00Z")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    public async Task A_bad_filter_is_a_400_problem(string query)
    {
        await AssertProblemAsync(await app.Client.GetAsync($"/api/audit?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public void No_route_changes_or_removes_audit_entries()
    {
        var endpoints = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var audit = endpoints.Where(e => e.RoutePattern.RawText?.Contains("audit", StringComparison.OrdinalIgnoreCase) == true).ToList();

        // the read route is there, and it is the only one
        var methods = audit.SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).ToList();
        Assert.Equal(["GET"], methods);
        Assert.Equal("/api/audit", audit.Single().RoutePattern.RawText);
    }
}
