using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Profiling;

internal static class ProfileClient
{
    /// <summary>The profile of a file version once it is no longer pending.</summary>
    public static async Task<JsonElement> WaitForProfileAsync(this HttpClient client, Guid session, string name, int? version = null)
    {
        var url = $"/api/sessions/{session}/files/{Uri.EscapeDataString(name)}/profile" + (version is { } v ? $"?version={v}" : "");
        JsonElement profile = default;
        await Poll.UntilAsync(async () =>
        {
            profile = await client.GetFromJsonAsync<JsonElement>(url);
            return profile.GetProperty("status").GetString() != "pending";
        }, $"the profile of {name}", TimeSpan.FromMinutes(3));
        return profile;
    }

    public static JsonElement Table(this JsonElement profile, string name) =>
        profile.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);

    public static JsonElement Column(this JsonElement table, string name) =>
        table.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static IReadOnlyList<JsonElement> Findings(this JsonElement profile) => [.. profile.GetProperty("findings").EnumerateArray()];

    public static string Id(this JsonElement finding) => finding.GetProperty("id").GetString()!;
}
