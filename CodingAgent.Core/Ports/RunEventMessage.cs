namespace CodingAgent.Core.Ports;

/// <summary>A run event on the bus: the same fields as the persisted <see cref="Domain.RunEvent"/>.</summary>
public sealed record RunEventMessage(Guid RunId, Guid SessionId, long Sequence, string Name, string Data);
