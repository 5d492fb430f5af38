using CodingAgent.Core.Agent;
using Microsoft.Extensions.AI;

namespace CodingAgent.Tests.Agent;

/// <summary>A catalog of one model, for fast agent tests.</summary>
internal sealed class SingleModelCatalog(IChatClient client, ModelChoice model) : IModelCatalog
{
    public IReadOnlyList<ModelChoice> Models => [model];

    public ModelChoice? Find(string? id) => string.IsNullOrWhiteSpace(id) || id == model.Id ? model : null;

    public IChatClient GetClient(ModelChoice choice) => client;
}
