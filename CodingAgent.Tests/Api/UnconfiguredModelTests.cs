using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CodingAgent.Tests.Api;

public sealed class UnconfiguredModelTests
{
    private sealed class NoModelFactory(string data) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("CODINGAGENT_DATA_DIR", data);
            builder.UseSetting("Llm:Endpoint", "");
            builder.UseSetting("Llm:ApiKey", "");
            builder.UseSetting("OPENAI_API_KEY", "");
            builder.UseSetting("OPENAI_BASE_URL", "");
        }
    }

    [Fact]
    public async Task Without_a_model_the_app_starts_and_the_run_explains_how_to_configure_one()
    {
        var data = Path.Combine(Path.GetTempPath(), "codingagent-nomodel-" + Guid.NewGuid().ToString("N"));
        await using var factory = new NoModelFactory(data);
        var client = factory.CreateClient();
        var session = await client.CreateSessionAsync();

        var events = await client.QueryAsync(session, "anything");

        var error = events.Single(e => e.Name == "error").Data.GetProperty("message").GetString();
        Assert.Contains("OPENAI_API_KEY", error);
        Assert.Contains("Llm:Endpoint", error);
        Assert.DoesNotContain(" at ", error);
        Assert.Equal("failed", events[^1].Data.GetProperty("status").GetString());
        // the session stays usable
        var messages = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        Assert.Equal("failed", messages[1].GetProperty("status").GetString());
        var page = await client.GetStringAsync("/");
        Assert.Contains("No language model is configured", page);
    }
}
