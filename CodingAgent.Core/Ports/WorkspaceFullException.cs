namespace CodingAgent.Core.Ports;

/// <summary>The session's workspace filesystem has no room left for a file (its quota is full).</summary>
public sealed class WorkspaceFullException(string message, Exception inner) : IOException(message, inner);
