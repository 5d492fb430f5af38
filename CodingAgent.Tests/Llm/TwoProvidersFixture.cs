using CodingAgent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Llm;

/// <summary>
/// The app with two providers at once: <c>local</c> (openai-compatible, the scripted OpenAI server, its key in the
/// settings) and <c>claude</c> (anthropic, the scripted Anthropic server through the official Anthropic package, its
/// key in an environment variable of this process), every log line captured at Trace.
/// </summary>
public sealed class TwoProvidersFixture : AppFixture
{
    public const string LocalModel = "local/gpt-scripted";
    public const string ClaudeModel = "claude/claude-scripted";

    /// <summary>A variable no other test uses, set in this process's environment (so a kernel would inherit it if the sandbox let it).</summary>
    public string KeyVariable { get; } = "CODINGAGENT_TEST_ANTHROPIC_KEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public ScriptedAnthropicServer Anthropic { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public override async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(KeyVariable, ScriptedAnthropicServer.ApiKey);
        Anthropic = await ScriptedAnthropicServer.StartAsync();
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Llm:Providers:0:Name"] = "local",
        ["Llm:Providers:0:Kind"] = "openai-compatible",
        ["Llm:Providers:0:Endpoint"] = Model.BaseUrl,
        ["Llm:Providers:0:ApiKey"] = ScriptedOpenAiServer.ApiKey,
        ["Llm:Providers:0:Models:0:Name"] = "gpt-scripted",
        ["Llm:Providers:0:Models:0:DisplayName"] = "Scripted GPT",
        ["Llm:Providers:1:Name"] = "claude",
        ["Llm:Providers:1:Kind"] = "anthropic",
        ["Llm:Providers:1:Endpoint"] = Anthropic.BaseUrl,
        ["Llm:Providers:1:ApiKeyVariable"] = KeyVariable,
        ["Llm:Providers:1:Models:0:Name"] = "claude-scripted",
        ["Llm:Providers:1:Models:0:DisplayName"] = "Scripted Claude",
        ["Llm:Providers:1:Models:1:Name"] = "claude-fenced",
        ["Llm:Providers:1:Models:1:ToolCalling"] = "fenced",
        ["Llm:DefaultModel"] = LocalModel,
    };

    protected override Action<IServiceCollection>? Services => Logs.AddTo;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Anthropic.DisposeAsync();
        Environment.SetEnvironmentVariable(KeyVariable, null);
    }
}
