namespace CodingAgent.Web.Api.Wire;

/// <summary><c>stdout</c> and <c>stderr</c>: an execution's output as it is produced.</summary>
public sealed record OutputWire(Guid StepId, string Text);
