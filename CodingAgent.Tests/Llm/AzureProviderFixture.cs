using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

/// <summary>The app with one <c>azure-openai</c> provider on the scripted server's Azure route.</summary>
public sealed class AzureProviderFixture : AppFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Llm:Providers:0:Name"] = "azure",
        ["Llm:Providers:0:Kind"] = "azure-openai",
        ["Llm:Providers:0:Endpoint"] = Model.BaseUrl[..^"/v1".Length],
        ["Llm:Providers:0:ApiKey"] = ScriptedOpenAiServer.ApiKey,
        ["Llm:Providers:0:Models:0:Name"] = "gpt4o-deployment",
    };
}
