using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Profiling;

/// <summary>Upload, profile and clean once, the same on every storage and database backend.</summary>
internal static class ProfileScenario
{
    public static async Task ProfileAndCleanAsync(HttpClient client)
    {
        var session = await client.CreateSessionAsync();
        var csv = new StringBuilder("id,amount\n");
        for (var i = 1; i <= 30; i++)
        {
            csv.Append(i).Append(",\"$").Append(i).Append(",000.50\"\n");
        }
        (await client.UploadAsync(session, "money.csv", Encoding.UTF8.GetBytes(csv.ToString()))).EnsureSuccessStatusCode();

        var profile = await client.WaitForProfileAsync(session, "money.csv");
        Assert.Equal("ready", profile.GetProperty("status").GetString());
        Assert.Equal("decimal", profile.Table("money").Column("amount").GetProperty("type").GetString());
        var numeric = profile.Findings().Single(f => f.GetProperty("kind").GetString() == "numeric_text").Id();

        var response = await client.PostAsJsonAsync($"/api/sessions/{session}/files/money.csv/clean", new { findings = new[] { numeric } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("file").GetProperty("version").GetInt32());
        Assert.Equal(30000.5, result.GetProperty("profile").Table("money").Column("amount").GetProperty("max").GetDouble());
        Assert.Equal(2, (await client.WaitForProfileAsync(session, "money.csv")).GetProperty("version").GetInt32());
        Assert.Contains("30000.5", await client.GetStringAsync($"/api/sessions/{session}/files/money.csv"), StringComparison.Ordinal);
    }
}
