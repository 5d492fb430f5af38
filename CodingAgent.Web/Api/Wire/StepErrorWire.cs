namespace CodingAgent.Web.Api.Wire;

/// <summary><c>step_error</c>: an execution failed.</summary>
public sealed record StepErrorWire(Guid StepId, string Type, string Message, string Traceback);
