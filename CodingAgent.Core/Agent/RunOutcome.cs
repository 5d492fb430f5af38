namespace CodingAgent.Core.Agent;

/// <summary>How a run ended: its status (<see cref="Domain.RunStatuses"/>), the answer, and the error shown when it failed.</summary>
internal sealed record RunOutcome(string Status, string Content, string? Error);
