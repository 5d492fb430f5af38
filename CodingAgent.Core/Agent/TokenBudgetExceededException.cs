namespace CodingAgent.Core.Agent;

/// <summary>A question refused because a token budget is used up; the message says which and what to do.</summary>
public sealed class TokenBudgetExceededException(string message) : Exception(message);
