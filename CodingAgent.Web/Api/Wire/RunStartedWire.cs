namespace CodingAgent.Web.Api.Wire;

/// <summary><c>run</c>: always first.</summary>
public sealed record RunStartedWire(Guid RunId, Guid MessageId);
