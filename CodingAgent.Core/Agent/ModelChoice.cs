namespace CodingAgent.Core.Agent;

/// <summary>
/// One model a user can pick for a session: <see cref="Id"/> is <c>provider/model</c> (the provider's name from
/// <c>Llm:Providers</c>), <see cref="ToolCalling"/> one of <see cref="ToolCallingModes"/>, prices in the configured
/// currency per million tokens (null: no cost estimate).
/// </summary>
public sealed record ModelChoice(
    string Id,
    string Provider,
    string Model,
    string DisplayName,
    string ToolCalling,
    decimal? InputPricePerMillionTokens = null,
    decimal? OutputPricePerMillionTokens = null);
