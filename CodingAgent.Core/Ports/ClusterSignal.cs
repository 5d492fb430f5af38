namespace CodingAgent.Core.Ports;

/// <summary>A signal to every instance: <see cref="ClusterSignalKinds"/>.</summary>
/// <param name="UserId">The account a signal is about (<see cref="ClusterSignalKinds.AccountChanged"/>), else null.</param>
public sealed record ClusterSignal(string Kind, Guid SessionId, Guid? RunId, string? UserId = null);
