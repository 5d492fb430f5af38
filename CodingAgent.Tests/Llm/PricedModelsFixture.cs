using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

/// <summary>
/// One OpenAI-compatible provider with two models: <c>local/smart</c> (tool calling, priced) and <c>local/tiny</c>
/// (configured for fenced code: no tools are sent to it).
/// </summary>
public sealed class PricedModelsFixture : AppFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Llm:Providers:0:Name"] = "local",
        ["Llm:Providers:0:Kind"] = "openai-compatible",
        ["Llm:Providers:0:Endpoint"] = Model.BaseUrl,
        ["Llm:Providers:0:ApiKey"] = ScriptedOpenAiServer.ApiKey,
        ["Llm:Providers:0:Models:0:Name"] = "smart",
        ["Llm:Providers:0:Models:0:InputPricePerMillionTokens"] = "2.5",
        ["Llm:Providers:0:Models:0:OutputPricePerMillionTokens"] = "10",
        ["Llm:Providers:0:Models:1:Name"] = "tiny",
        ["Llm:Providers:0:Models:1:ToolCalling"] = "fenced",
    };
}
