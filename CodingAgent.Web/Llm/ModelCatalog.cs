using System.Collections.Concurrent;
using CodingAgent.Core.Agent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Llm;

/// <summary>
/// The configured models (<see cref="ConfiguredProviders"/>) and, made on first use and kept, each one's pipeline:
/// function invocation (the agent's tool, <see cref="ToolInvocation"/>), the context budget
/// (<see cref="ContextBudgetChatClient"/>), OpenTelemetry, logging, and the provider's client
/// (<see cref="ProviderChatClients"/>) inside <see cref="ProviderErrorChatClient"/>.
/// </summary>
public sealed class ModelCatalog(
    IOptions<LlmOptions> options, IOptions<AgentOptions> agentOptions, IConfiguration configuration, IHttpClientFactory http, ILoggerFactory loggers, IServiceProvider services)
    : IModelCatalog, IDisposable
{
    private readonly LlmOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Lazy<IChatClient>> _clients = new(StringComparer.Ordinal);
    private IReadOnlyList<ModelChoice>? _models;

    public IReadOnlyList<ModelChoice> Models => _models ??= ConfiguredProviders.Models(_options);

    public ModelChoice? Find(string? id) =>
        string.IsNullOrWhiteSpace(id) ? Models.FirstOrDefault() : Models.FirstOrDefault(m => m.Id == id.Trim());

    public IChatClient GetClient(ModelChoice model)
    {
        if (Find(model.Id) is null)
        {
            throw ModelNotConfiguredException.Unknown(model.Id, Models);
        }
        return _clients.GetOrAdd(model.Id, _ => new Lazy<IChatClient>(() => Build(model))).Value;
    }

    private IChatClient Build(ModelChoice choice)
    {
        var provider = ConfiguredProviders.Of(_options).First(p => p.Name == choice.Provider);
        var model = provider.Models.First(m => m.Name == choice.Model);
        var timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
        var inner = ProviderChatClients.Create(provider, model, ConfiguredProviders.KeyOf(provider, configuration), http.CreateClient(LlmHttp.ClientName), timeout);
        return new ChatClientBuilder(new ProviderErrorChatClient(inner, choice.Provider, choice.Model, timeout, loggers.CreateLogger<ProviderErrorChatClient>()))
            .UseFunctionInvocation(loggers, ToolInvocation.Configure)
            // inside the tool loop: every round trip stays within Agent:MaxContextTokens
            .Use(inner => new ContextBudgetChatClient(inner, agentOptions))
            .UseOpenTelemetry(loggers, sourceName: "CodingAgent.Llm", configure: telemetry => telemetry.EnableSensitiveData = false)
            // calls are logged at Debug; prompts and answers only at Trace
            .UseLogging(loggers)
            .Build(services);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
