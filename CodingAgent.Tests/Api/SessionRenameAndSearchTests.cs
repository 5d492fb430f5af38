using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

/// <summary><c>PATCH /api/sessions/{id}</c> and <c>GET /api/sessions?q=</c> (added for the sessions sidebar).</summary>
[Collection("app")]
public sealed class SessionRenameAndSearchTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_session_is_renamed_to_one_trimmed_line_and_the_new_title_is_listed()
    {
        var session = await app.Client.CreateSessionAsync("first title");

        var response = await app.Client.PatchAsJsonAsync($"/api/sessions/{session}", new { title = "  Revenue\n by   region  " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renamed = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Revenue by region", renamed.GetProperty("title").GetString());
        Assert.Equal(session, renamed.GetProperty("id").GetGuid());
        Assert.Equal("Revenue by region", (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Empty_or_too_long_titles_get_400_and_unknown_sessions_404_and_the_title_is_kept()
    {
        var session = await app.Client.CreateSessionAsync("kept");

        await AssertProblemAsync(await app.Client.PatchAsJsonAsync($"/api/sessions/{session}", new { title = " \n\t " }), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.PatchAsJsonAsync($"/api/sessions/{session}", new { }), HttpStatusCode.BadRequest);
        var tooLong = await AssertProblemAsync(await app.Client.PatchAsJsonAsync($"/api/sessions/{session}", new { title = new string('x', 201) }), HttpStatusCode.BadRequest);
        Assert.Contains("200 characters", tooLong.GetProperty("detail").GetString());
        await AssertProblemAsync(await app.Client.PatchAsJsonAsync($"/api/sessions/{Guid.NewGuid()}", new { title = "x" }), HttpStatusCode.NotFound);

        Assert.Equal("kept", (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}")).GetProperty("title").GetString());
        var exactly200 = await app.Client.PatchAsJsonAsync($"/api/sessions/{session}", new { title = new string('y', 200) });
        Assert.Equal(HttpStatusCode.OK, exactly200.StatusCode);
    }

    [Fact]
    public async Task Search_matches_titles_and_message_content_case_insensitively()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        app.Model.Play($"seasonal {marker}", new TextTurn("Sales peak in December."));
        var byTitle = await app.Client.CreateSessionAsync($"Churn {marker.ToUpperInvariant()} cohorts");
        var byQuestion = await app.Client.CreateSessionAsync("untitled on purpose");
        await app.Client.QueryAsync(byQuestion, $"Is there a seasonal {marker} pattern?");
        var other = await app.Client.CreateSessionAsync("Something else");

        var found = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?q={marker}");

        Assert.Equal([byQuestion, byTitle], found.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        var byAnswer = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?q={Uri.EscapeDataString("PEAK IN DECEMBER")}");
        Assert.Contains(byQuestion, byAnswer.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        Assert.DoesNotContain(other, byAnswer.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
        // % and _ are not wildcards
        Assert.Equal(0, (await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?q={Uri.EscapeDataString(marker[..4] + "%")}")).GetArrayLength());
        // no q (or a blank one) lists every session
        var all = await app.Client.GetFromJsonAsync<JsonElement>("/api/sessions?q=%20");
        Assert.Contains(other, all.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_search_text_over_200_characters_gets_400()
    {
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions?q={new string('a', 201)}"), HttpStatusCode.BadRequest);
    }
}
