namespace CodingAgent.Web.Api.Wire;

/// <summary><c>code</c>: before each execution.</summary>
public sealed record CodeWire(Guid StepId, string Code);
