using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

public sealed class InvalidProvidersStartTests
{
    [Fact]
    public async Task The_app_refuses_to_start_with_a_provider_list_it_cannot_use_and_says_what_to_change()
    {
        var data = Path.Combine(Path.GetTempPath(), "codingagent-badllm-" + Guid.NewGuid().ToString("N"));
        var failure = await StartFailure.OfAsync(() => new CodingAgentFactory(data, "http://127.0.0.1:9/v1", new Dictionary<string, string?>
        {
            ["Llm:Providers:0:Name"] = "local",
            ["Llm:Providers:0:Kind"] = "openai-compatible",
            ["Llm:Providers:0:Models:0:Name"] = "m",
            ["Llm:DefaultModel"] = "local/other",
        }));

        Assert.Contains("Llm:Providers:0 ('local'): Kind openai-compatible needs an Endpoint (the server's base URL).", failure.Failures);
        Assert.Contains("Llm:DefaultModel 'local/other' is not a configured model; use one of: local/m (provider/model).", failure.Failures);
        await AppData.DeleteAsync(data);
    }
}
