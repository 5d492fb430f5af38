using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

public sealed class AzureProviderTests(AzureProviderFixture app) : IClassFixture<AzureProviderFixture>
{
    [Fact]
    public async Task Azure_requests_go_to_the_deployment_with_the_api_version_and_the_api_key_header()
    {
        var script = app.Model.Play("azure marker", new ToolCallTurn("print(sum(range(5)))"), new TextTurn("The sum is 10."));
        var session = await app.Client.CreateSessionAsync();

        var events = await app.Client.QueryAsync(session, "Sum 0..4 (azure marker)");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        Assert.Equal("10\n", events.Stdout());
        Assert.Equal(2, script.Requests.Count);
        var received = app.Model.Received.Where(r => r.Path.StartsWith("/openai/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, received.Count);
        Assert.All(received, r =>
        {
            Assert.Equal("/openai/deployments/gpt4o-deployment/chat/completions", r.Path);
            Assert.Equal("?api-version=2024-10-21", r.Query);
            Assert.Equal(ScriptedOpenAiServer.ApiKey, r.ApiKeyHeader);
            Assert.Null(r.Authorization);
        });
    }
}
