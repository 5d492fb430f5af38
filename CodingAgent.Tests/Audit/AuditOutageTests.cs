using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Audit;

/// <summary>
/// When the audit log cannot store a record: an upload or deletion is not done (503), a code execution runs anyway
/// and the failure is logged as an error.
/// </summary>
[Collection("app")]
public sealed class AuditOutageTests(BrokenAuditAppFixture app) : IClassFixture<BrokenAuditAppFixture>
{
    [Fact]
    public async Task An_upload_the_audit_log_cannot_record_is_refused_with_503_and_not_stored()
    {
        var session = await app.Client.CreateSessionAsync();

        var problem = await AssertProblemAsync(await app.Client.UploadAsync(session, "unrecorded.csv", Encoding.UTF8.GetBytes("a\n1\n")), HttpStatusCode.ServiceUnavailable);

        Assert.Contains("audit log could not record this upload", problem.GetProperty("detail").GetString());
        var files = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files");
        Assert.Equal(0, files.GetArrayLength());
    }

    [Fact]
    public async Task Code_runs_when_its_execution_cannot_be_recorded_and_the_failure_is_logged()
    {
        app.Model.Play("unrecorded code", new ToolCallTurn("print('ran', 2 + 3)"), new TextTurn("Five."));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "unrecorded code");

        Assert.Contains("ran 5", events.Stdout());
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal)
            && l.Contains($"The audit log could not record a code execution in session {session}; the code runs", StringComparison.Ordinal));
    }
}
