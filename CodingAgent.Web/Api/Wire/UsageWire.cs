namespace CodingAgent.Web.Api.Wire;

/// <summary>Tokens the provider reported, summed over the run's model calls; <c>cost</c> estimated from the model's price table (null without prices).</summary>
public sealed record UsageWire(long InputTokens, long OutputTokens, decimal? Cost);
