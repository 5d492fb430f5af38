namespace CodingAgent.Web.Api.Wire;

/// <summary>Tokens the provider reported, summed over the run's model calls.</summary>
public sealed record UsageWire(long InputTokens, long OutputTokens);
