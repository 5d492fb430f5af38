namespace CodingAgent.Core.Ports;

/// <summary>A signal to every instance: <see cref="ClusterSignalKinds"/>.</summary>
public sealed record ClusterSignal(string Kind, Guid SessionId, Guid? RunId);
