using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Auth;

/// <summary>
/// Isolation between users, proved route by route: every route of the app, filled with user A's real ids, answers user
/// B 404 (as for an unknown id) and leaves A's data as it was. A new route with a resource id and no ownership check
/// fails <see cref="Every_route_with_another_users_ids_answers_404_and_changes_nothing"/>; a new route without one must
/// be named in <see cref="NotResourceRoutes"/>.
/// </summary>
[Collection("app")]
public sealed class OwnershipTests(TwoUsersFixture app) : IClassFixture<TwoUsersFixture>
{
    /// <summary>Routes without a resource id: none of them hands out another user's data (each says why).</summary>
    public static readonly IReadOnlyDictionary<string, string> NotResourceRoutes = new Dictionary<string, string>
    {
        ["GET /healthz"] = "health, anonymous",
        ["GET /healthz/ready"] = "readiness, anonymous",
        ["GET /api/sessions"] = "the caller's own and shared sessions (List_endpoints_show_nobody_elses_items)",
        ["POST /api/sessions"] = "creates a session owned by the caller",
        ["GET /api/dashboards"] = "the caller's own and shared dashboards (List_endpoints_show_nobody_elses_items)",
        ["POST /api/dashboards"] = "creates a dashboard owned by the caller",
        ["GET /api/models"] = "the configured models, the same for everyone",
        ["GET /api/audit"] = "the audit log, for administrators",
        ["POST /api/auth/login"] = "sign-in",
        ["POST /api/auth/logout"] = "sign-out of the caller",
        ["GET /api/auth/me"] = "the caller",
        ["GET /api/tokens"] = "the caller's own tokens",
        ["POST /api/tokens"] = "issues a token to the caller",
        ["GET /api/users"] = "accounts, for administrators",
        ["POST /api/users"] = "accounts, for administrators",
        ["GET /signin"] = "mode Local: the sign-in page (anonymous)",
        ["POST /signin"] = "mode Local: the sign-in form's post (anonymous, with an antiforgery token)",
        ["POST /signout"] = "the page's sign-out of the caller (a form with an antiforgery token)",
        ["GET /signin/oidc"] = "mode Oidc: sends the browser to the provider (anonymous)",
    };

    /// <summary>Routes with an id that only administrators reach: another user (an analyst) gets 403 whatever the id.</summary>
    public static readonly IReadOnlySet<string> AdminOnlyRoutes = new HashSet<string>
    {
        "PATCH /api/users/{id}",
        "DELETE /api/users/{id}",
    };

    /// <summary>Routes whose id is not a session's, dashboard's or artifact's but is still someone's: B gets 404 as well.</summary>
    private Guid OtherId(ApiRoute route) => route.Pattern switch
    {
        var p when p.StartsWith("/api/tokens/", StringComparison.Ordinal) => app.TokenA,
        var p when p.StartsWith("/api/dashboards/", StringComparison.Ordinal) => app.Dashboard,
        var p when p.StartsWith("/api/artifacts/", StringComparison.Ordinal) => app.Chart,
        _ => app.Session,
    };

    private string Value(ApiRoute route, string parameter) => parameter switch
    {
        "id" => OtherId(route).ToString(),
        "runId" => app.Run.ToString(),
        "tileId" => app.Tile.ToString(),
        "name" => TwoUsersFixture.FileName,
        "userId" => app.UserA,
        _ => throw new InvalidOperationException($"{route}: fill in the route parameter '{parameter}' with user A's id for it (and check its ownership)."),
    };

    [Fact]
    public async Task Every_route_with_another_users_ids_answers_404_and_changes_nothing()
    {
        var routes = ApiRoute.All(app.Factory.Services);
        Assert.Contains(routes, r => r.Pattern == "/api/sessions/{id:guid}/query");
        var before = await SnapshotAsync();
        var unlisted = new List<string>();
        var leaks = new List<string>();

        foreach (var route in routes)
        {
            if (route.Parameters.Count == 0)
            {
                if (!NotResourceRoutes.ContainsKey(route.ToString()))
                {
                    unlisted.Add(route.ToString());
                }
                continue;
            }
            var path = route.Fill(p => Value(route, p));
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), path) { Content = Body(route) };
            using var response = await app.B.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var expected = AdminOnlyRoutes.Contains(route.ToString()) ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
            if (response.StatusCode != expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                leaks.Add($"{route} ({path}) answered {(int)response.StatusCode}");
            }
        }

        Assert.True(unlisted.Count == 0, "Routes without an id that are not known to be safe: " + string.Join(", ", unlisted));
        Assert.True(leaks.Count == 0, "Routes that did not answer another user 404 (403 for the administrators' routes): " + string.Join("; ", leaks));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_404_for_another_users_id_is_the_same_as_for_an_unknown_id()
    {
        var theirs = await AssertProblemAsync(await app.B.GetAsync($"/api/sessions/{app.Session}/messages"), HttpStatusCode.NotFound);
        var unknownId = Guid.NewGuid();
        var unknown = await AssertProblemAsync(await app.B.GetAsync($"/api/sessions/{unknownId}/messages"), HttpStatusCode.NotFound);

        Assert.Equal(unknown.GetProperty("title").GetString(), theirs.GetProperty("title").GetString());
        Assert.Equal(unknown.GetProperty("detail").GetString()!.Replace(unknownId.ToString(), "ID", StringComparison.Ordinal),
            theirs.GetProperty("detail").GetString()!.Replace(app.Session.ToString(), "ID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_endpoints_show_nobody_elses_items()
    {
        var bSessions = await app.B.GetFromJsonAsync<JsonElement>("/api/sessions");
        var bSearch = await app.B.GetFromJsonAsync<JsonElement>("/api/sessions?q=" + Uri.EscapeDataString("amounts"));
        var bDashboards = await app.B.GetFromJsonAsync<JsonElement>("/api/dashboards");

        Assert.DoesNotContain(app.Session, Ids(bSessions));
        Assert.DoesNotContain(app.Session, Ids(bSearch));
        Assert.DoesNotContain(app.Dashboard, Ids(bDashboards));
        // A sees their own, marked as theirs
        var mine = (await app.A.GetFromJsonAsync<JsonElement>("/api/sessions?q=" + Uri.EscapeDataString("amounts"))).EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == app.Session);
        Assert.Equal(app.UserA, mine.GetProperty("owner").GetString());
        Assert.False(mine.GetProperty("shared").GetBoolean());
        Assert.Contains(app.Dashboard, Ids(await app.A.GetFromJsonAsync<JsonElement>("/api/dashboards")));
    }

    [Fact]
    public async Task Without_a_token_every_api_route_but_login_answers_401()
    {
        using var anonymous = app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        var wrong = new List<string>();

        foreach (var route in ApiRoute.All(app.Factory.Services).Where(r => r.Pattern.StartsWith("/api", StringComparison.Ordinal) && r.Pattern != "/api/auth/login"))
        {
            var path = route.Fill(p => Value(route, p));
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), path) { Content = Body(route) };
            using var response = await anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                wrong.Add($"{route} answered {(int)response.StatusCode}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    /// <summary>A plausible body for any route: what its handler reads (unknown fields are ignored), or a CSV upload.</summary>
    private HttpContent? Body(ApiRoute route)
    {
        if (route.Method is not ("POST" or "PUT" or "PATCH"))
        {
            return null;
        }
        if (route.Pattern.EndsWith("/files", StringComparison.Ordinal))
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("region,amount\nwest,9\n")), "file", TwoUsersFixture.FileName);
            return form;
        }
        return JsonContent.Create(new
        {
            title = "taken by B",
            name = "taken by B",
            message = "B asks in A's session",
            model = (string?)null,
            email = app.EmailB,
            artifactId = app.Chart,
            findings = Array.Empty<string>(),
        });
    }

    private static IEnumerable<Guid> Ids(JsonElement list) => list.EnumerateArray().Select(e => e.GetProperty("id").GetGuid());

    /// <summary>Everything of A's that a route could change, as A sees it.</summary>
    private async Task<string> SnapshotAsync()
    {
        var parts = new List<string>();
        foreach (var path in new[]
        {
            $"/api/sessions/{app.Session}/files", $"/api/sessions/{app.Session}/messages", $"/api/sessions/{app.Session}/artifacts",
            $"/api/sessions/{app.Session}/shares", $"/api/dashboards/{app.Dashboard}", $"/api/dashboards/{app.Dashboard}/shares",
            $"/api/artifacts/{app.Chart}", $"/api/sessions/{app.Session}/runs/{app.Run}",
        })
        {
            using var response = await app.A.GetAsync(new Uri(path, UriKind.Relative));
            parts.Add($"{path} {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var session = await app.A.GetFromJsonAsync<JsonElement>($"/api/sessions/{app.Session}");
        parts.Add($"session {session.GetProperty("title").GetString()} {session.GetProperty("model")} {session.GetProperty("updatedAt")}");
        parts.Add("tokens of A: " + (await app.A.GetAsync(new Uri("/api/sessions", UriKind.Relative))).StatusCode);
        return string.Join("\n", parts);
    }
}
