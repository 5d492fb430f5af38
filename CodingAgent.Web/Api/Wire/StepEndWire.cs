namespace CodingAgent.Web.Api.Wire;

/// <summary><c>step_end</c>: an execution finished.</summary>
public sealed record StepEndWire(Guid StepId, bool Succeeded, double DurationMs, string? ResultText);
