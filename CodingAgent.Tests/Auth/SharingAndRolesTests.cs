using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Auth;

/// <summary>
/// Read-only sharing with named users, the viewer role (never reaches a kernel, never changes anything) and the audit
/// log naming the user who acted, in <c>Auth:Mode</c> Local. Every test takes its shares back.
/// </summary>
[Collection("app")]
public sealed class SharingAndRolesTests(TwoUsersFixture app) : IClassFixture<TwoUsersFixture>
{
    [Fact]
    public async Task A_shared_session_is_listed_and_readable_for_that_user_but_they_cannot_change_it_and_unsharing_hides_it_again()
    {
        using var shared = await app.A.PostAsJsonAsync($"/api/sessions/{app.Session}/shares", new { email = app.EmailB });
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        var grant = await shared.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((app.EmailB, app.UserB), (grant.GetProperty("email").GetString(), grant.GetProperty("userId").GetString()));
        try
        {
            var listed = (await app.B.GetFromJsonAsync<JsonElement>("/api/sessions")).EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == app.Session);
            Assert.True(listed.GetProperty("shared").GetBoolean());
            Assert.Equal(app.UserA, listed.GetProperty("owner").GetString());
            Assert.Contains(app.Session, (await app.B.GetFromJsonAsync<JsonElement>("/api/sessions?q=amounts")).EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
            foreach (var read in new[]
            {
                $"/api/sessions/{app.Session}", $"/api/sessions/{app.Session}/messages", $"/api/sessions/{app.Session}/files/{TwoUsersFixture.FileName}",
                $"/api/artifacts/{app.Chart}/content", $"/api/sessions/{app.Session}/export?format=ipynb", $"/api/sessions/{app.Session}/runs/{app.Run}/events",
                $"/api/sessions/{app.Session}/files/{TwoUsersFixture.FileName}/profile",
            })
            {
                using var response = await app.B.GetAsync(new Uri(read, UriKind.Relative));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{read} answered {(int)response.StatusCode}");
            }
            await AssertProblemAsync(await app.B.PostAsJsonAsync($"/api/sessions/{app.Session}/query", new { message = "B asks" }), HttpStatusCode.Forbidden);
            await AssertProblemAsync(await app.B.PatchAsJsonAsync($"/api/sessions/{app.Session}", new { title = "B's now" }), HttpStatusCode.Forbidden);
            await AssertProblemAsync(await app.B.DeleteAsync($"/api/sessions/{app.Session}"), HttpStatusCode.Forbidden);
            await AssertProblemAsync(await app.B.PostAsJsonAsync($"/api/sessions/{app.Session}/shares", new { email = app.EmailViewer }), HttpStatusCode.Forbidden);
            var shares = await app.A.GetFromJsonAsync<JsonElement>($"/api/sessions/{app.Session}/shares");
            Assert.Equal([app.UserB], shares.EnumerateArray().Select(s => s.GetProperty("userId").GetString()));
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await app.A.DeleteAsync($"/api/sessions/{app.Session}/shares/{app.UserB}")).StatusCode);
        }

        await AssertProblemAsync(await app.B.GetAsync($"/api/sessions/{app.Session}/messages"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(app.Session, (await app.B.GetFromJsonAsync<JsonElement>("/api/sessions")).EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        var actions = (await AuditOfAsync(app.EmailA)).Where(e => e.SessionId == app.Session).Select(e => e.Action).ToList();
        Assert.Contains(AuditActions.ShareAdded, actions);
        Assert.Contains(AuditActions.ShareRemoved, actions);
    }

    [Fact]
    public async Task A_shared_dashboard_shows_its_tiles_to_that_user_who_cannot_refresh_it()
    {
        await AssertProblemAsync(await app.B.GetAsync($"/api/artifacts/{app.Chart}/content"), HttpStatusCode.NotFound);
        using (var shared = await app.A.PostAsJsonAsync($"/api/dashboards/{app.Dashboard}/shares", new { email = app.EmailB }))
        {
            Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        }
        try
        {
            var dashboard = await app.B.GetFromJsonAsync<JsonElement>($"/api/dashboards/{app.Dashboard}");
            Assert.True(dashboard.GetProperty("shared").GetBoolean());
            var tile = Assert.Single(dashboard.GetProperty("tiles").EnumerateArray());
            Assert.Contains("north", await app.B.GetStringAsync($"/api/artifacts/{tile.GetProperty("currentArtifactId").GetGuid()}/content"));
            Assert.Contains(app.Dashboard, (await app.B.GetFromJsonAsync<JsonElement>("/api/dashboards")).EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
            await AssertProblemAsync(await app.B.PostAsync($"/api/dashboards/{app.Dashboard}/refresh", null), HttpStatusCode.Forbidden);
            await AssertProblemAsync(await app.B.PatchAsJsonAsync($"/api/dashboards/{app.Dashboard}", new { name = "B's" }), HttpStatusCode.Forbidden);
            // the session itself stays private: only the dashboard was shared
            await AssertProblemAsync(await app.B.GetAsync($"/api/sessions/{app.Session}/messages"), HttpStatusCode.NotFound);
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await app.A.DeleteAsync($"/api/dashboards/{app.Dashboard}/shares/{app.UserB}")).StatusCode);
        }

        await AssertProblemAsync(await app.B.GetAsync($"/api/dashboards/{app.Dashboard}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.B.GetAsync($"/api/artifacts/{app.Chart}/content"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sharing_with_yourself_or_an_unknown_address_is_refused()
    {
        await AssertProblemAsync(await app.A.PostAsJsonAsync($"/api/sessions/{app.Session}/shares", new { email = app.EmailA }), HttpStatusCode.BadRequest);
        var unknown = await AssertProblemAsync(await app.A.PostAsJsonAsync($"/api/sessions/{app.Session}/shares", new { email = "nobody@example.test" }), HttpStatusCode.NotFound);
        Assert.Equal("No such user", unknown.GetProperty("title").GetString());
        Assert.Empty((await app.A.GetFromJsonAsync<JsonElement>($"/api/sessions/{app.Session}/shares")).EnumerateArray());
    }

    [Fact]
    public async Task Viewer_cannot_run_code()
    {
        var messagesBefore = (await app.A.GetFromJsonAsync<JsonElement>($"/api/sessions/{app.Session}/messages")).GetArrayLength();
        using (var shared = await app.A.PostAsJsonAsync($"/api/sessions/{app.Session}/shares", new { email = app.EmailViewer }))
        {
            Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        }
        using (var sharedBoard = await app.A.PostAsJsonAsync($"/api/dashboards/{app.Dashboard}/shares", new { email = app.EmailViewer }))
        {
            Assert.Equal(HttpStatusCode.Created, sharedBoard.StatusCode);
        }
        try
        {
            var viewer = app.ViewerClient;
            Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(new Uri($"/api/sessions/{app.Session}/messages", UriKind.Relative))).StatusCode);
            var file = $"/api/sessions/{app.Session}/files/{TwoUsersFixture.FileName}";
            using var upload = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("region,amount\nwest,3\n")), "file", "viewer.csv" } };
            var refused = new List<(string What, HttpResponseMessage Response)>
            {
                ("create session", await viewer.PostAsJsonAsync("/api/sessions", new { title = "viewer's" })),
                ("create dashboard", await viewer.PostAsJsonAsync("/api/dashboards", new { name = "viewer's" })),
                ("query", await viewer.PostAsJsonAsync($"/api/sessions/{app.Session}/query", new { message = "print(1)" })),
                ("upload", await viewer.PostAsync($"/api/sessions/{app.Session}/files", upload)),
                ("variables", await viewer.GetAsync(new Uri($"/api/sessions/{app.Session}/variables", UriKind.Relative))),
                ("file preview", await viewer.GetAsync(new Uri(file + "/preview", UriKind.Relative))),
                ("cleaning preview", await viewer.PostAsJsonAsync(file + "/clean/preview", new { findings = new[] { "x" } })),
                ("cleaning", await viewer.PostAsJsonAsync(file + "/clean", new { findings = new[] { "x" } })),
                ("model", await viewer.PutAsJsonAsync($"/api/sessions/{app.Session}/model", new { model = (string?)null })),
                ("rename", await viewer.PatchAsJsonAsync($"/api/sessions/{app.Session}", new { title = "viewer's" })),
                ("delete file", await viewer.DeleteAsync(new Uri(file, UriKind.Relative))),
                ("delete session", await viewer.DeleteAsync(new Uri($"/api/sessions/{app.Session}", UriKind.Relative))),
                ("dashboard refresh", await viewer.PostAsync($"/api/dashboards/{app.Dashboard}/refresh", null)),
                ("tile refresh", await viewer.PostAsync($"/api/dashboards/{app.Dashboard}/tiles/{app.Tile}/refresh", null)),
                ("pin", await viewer.PostAsJsonAsync($"/api/dashboards/{app.Dashboard}/tiles", new { artifactId = app.Chart })),
            };
            foreach (var (what, response) in refused)
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what} answered {(int)response.StatusCode}");
                await AssertProblemAsync(response, HttpStatusCode.Forbidden);
                response.Dispose();
            }
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await app.A.DeleteAsync($"/api/sessions/{app.Session}/shares/{app.Viewer}")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await app.A.DeleteAsync($"/api/dashboards/{app.Dashboard}/shares/{app.Viewer}")).StatusCode);
        }

        Assert.Equal(messagesBefore, (await app.A.GetFromJsonAsync<JsonElement>($"/api/sessions/{app.Session}/messages")).GetArrayLength());
        Assert.Empty(await AuditOfAsync(app.EmailViewer));
    }

    [Fact]
    public async Task The_audit_log_names_the_user_who_uploaded_asked_and_whose_run_executed_code()
    {
        var entries = (await AuditOfAsync(app.EmailA)).Where(e => e.SessionId == app.Session).ToList();

        Assert.Contains(entries, e => e.Action == AuditActions.Upload && e.Detail.StartsWith(TwoUsersFixture.FileName, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == AuditActions.Question);
        Assert.Equal(2, entries.Count(e => e.Action == AuditActions.CodeExecution && e.CodeSha256 is not null));
        var local = await app.Factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(AuditUsers.Local, null, null, AuditQuery.MaxLimit), CancellationToken.None);
        Assert.DoesNotContain(local, e => e.SessionId == app.Session);
    }

    private Task<IReadOnlyList<AuditEntry>> AuditOfAsync(string user) =>
        app.Factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(user, null, null, AuditQuery.MaxLimit), CancellationToken.None);
}
