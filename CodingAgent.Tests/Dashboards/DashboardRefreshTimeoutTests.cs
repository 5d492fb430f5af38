using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Dashboards;

/// <summary>A refresh is bounded by Dashboards:RefreshTimeoutSeconds: past it the tile keeps its chart and says why.</summary>
[Collection("app")]
public sealed class DashboardRefreshTimeoutTests(ShortRefreshFixture app) : IClassFixture<ShortRefreshFixture>
{
    [Fact]
    public async Task A_refresh_that_runs_past_its_bound_is_stopped_and_the_previous_chart_stays()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "amounts.csv", Encoding.UTF8.GetBytes("region,amount\nnorth,1\n"));
        app.Model.Play("chart that slows down on big data", new ToolCallTurn("""
            import time, pandas as pd, plotly.express as px
            df = pd.read_csv('amounts.csv')
            if df.amount.sum() > 100:
                time.sleep(120)
            px.bar(df, x='region', y='amount').show()
            """), new TextTurn("Charted."));
        var events = await app.Client.QueryAsync(session, "chart that slows down on big data");
        var chartId = events.Single(e => e.Name == "artifact").Data.GetProperty("id").GetGuid();
        var dashboard = (await (await app.Client.PostAsJsonAsync("/api/dashboards", new { name = "Slow" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await app.Client.PostAsJsonAsync($"/api/dashboards/{dashboard}/tiles", new { artifactId = chartId })).EnsureSuccessStatusCode();
        await app.Client.UploadAsync(session, "amounts.csv", Encoding.UTF8.GetBytes("region,amount\nnorth,1000\n"));

        var refresh = await app.Client.PostAsync($"/api/dashboards/{dashboard}/refresh", null);

        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var tile = Assert.Single((await refresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tiles").EnumerateArray());
        Assert.Contains("longer than 5 s", tile.GetProperty("lastError").GetString());
        Assert.Equal(chartId, tile.GetProperty("currentArtifactId").GetGuid());
        // the temporary sandbox session was removed: only the user's session has a workspace
        Assert.Equal([session.ToString("N")], Directory.GetDirectories(Path.Combine(app.DataDirectory, "workspaces")).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')));
    }
}
