using CodingAgent.Core.Agent;

namespace CodingAgent.Web.Api;

/// <summary>A model a session can use (never its provider's endpoint or key).</summary>
public sealed record ModelDto(string Id, string Provider, string Model, string DisplayName, string ToolCalling)
{
    public static ModelDto From(ModelChoice m) => new(m.Id, m.Provider, m.Model, m.DisplayName, m.ToolCalling);
}
