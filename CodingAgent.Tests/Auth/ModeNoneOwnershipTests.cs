using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Auth;

/// <summary>In <c>Auth:Mode</c> None everything belongs to the one local user, as before sign-in existed; sharing needs sign-in.</summary>
[Collection("app")]
public sealed class ModeNoneOwnershipTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Sessions_and_dashboards_belong_to_the_local_user_and_sharing_is_refused()
    {
        var session = await app.Client.CreateSessionAsync("local work");
        var listed = (await app.Client.GetFromJsonAsync<JsonElement>("/api/sessions")).EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == session);
        Assert.Equal("local", listed.GetProperty("owner").GetString());
        Assert.False(listed.GetProperty("shared").GetBoolean());

        var refused = await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/sessions/{session}/shares", new { email = "someone@example.test" }), HttpStatusCode.BadRequest);

        Assert.Contains("sharing needs sign-in (Auth:Mode Local, Oidc or Negotiate)", refused.GetProperty("detail").GetString());
        var dashboard = await app.Client.PostAsJsonAsync("/api/dashboards", new { name = "local board" });
        Assert.Equal("local", (await dashboard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("owner").GetString());
    }
}
