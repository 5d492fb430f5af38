using CodingAgent.Core.Agent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Llm;

/// <summary>The one model of <c>Llm:Endpoint</c>/<c>Llm:Model</c> (or OPENAI_*), through the app's chat client pipeline.</summary>
public sealed class ConfiguredModelCatalog(IChatClient client, IOptions<LlmOptions> options) : IModelCatalog
{
    private readonly ModelChoice? _model = options.Value.IsConfigured
        ? new ModelChoice("openai/" + options.Value.EffectiveModel, "openai", options.Value.EffectiveModel, options.Value.EffectiveModel, ToolCallingModes.Native)
        : null;

    public IReadOnlyList<ModelChoice> Models => _model is null ? [] : [_model];

    public ModelChoice? Find(string? id) => _model is not null && (string.IsNullOrWhiteSpace(id) || id == _model.Id) ? _model : null;

    public IChatClient GetClient(ModelChoice model) => client;
}
