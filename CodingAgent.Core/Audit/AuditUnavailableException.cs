namespace CodingAgent.Core.Audit;

/// <summary>The audit record of an action could not be stored, so the action was not done (503).</summary>
public sealed class AuditUnavailableException(string action, Exception inner)
    : Exception($"The audit log could not record this {action}, so it was not done. Try again shortly.", inner);
