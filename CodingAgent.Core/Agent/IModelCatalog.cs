using Microsoft.Extensions.AI;

namespace CodingAgent.Core.Agent;

/// <summary>The configured providers' models and a chat client for each (the pipeline: function invocation, telemetry, logging).</summary>
public interface IModelCatalog
{
    /// <summary>Every configured model, the default first.</summary>
    IReadOnlyList<ModelChoice> Models { get; }

    /// <summary>The model for <paramref name="id"/>, or the default for null/blank; null when the id is unknown or no model is configured.</summary>
    ModelChoice? Find(string? id);

    /// <summary>The client of a model of this catalog.</summary>
    IChatClient GetClient(ModelChoice model);
}
