using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Llm;

/// <summary>The app with one <c>anthropic</c> provider (the scripted Anthropic server) and 1 s as the first retry's delay; nothing else talks to it.</summary>
public sealed class FailingAnthropicFixture : AppFixture
{
    public ScriptedAnthropicServer Anthropic { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Anthropic = await ScriptedAnthropicServer.StartAsync();
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Llm:Providers:0:Name"] = "claude",
        ["Llm:Providers:0:Kind"] = "anthropic",
        ["Llm:Providers:0:Endpoint"] = Anthropic.BaseUrl,
        ["Llm:Providers:0:ApiKey"] = ScriptedAnthropicServer.ApiKey,
        ["Llm:Providers:0:Models:0:Name"] = "claude-scripted",
        ["Llm:RetryDelaySeconds"] = "1",
        ["Llm:MaxRetries"] = "3",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Anthropic.DisposeAsync();
    }
}
