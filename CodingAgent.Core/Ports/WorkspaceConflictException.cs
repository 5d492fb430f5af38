namespace CodingAgent.Core.Ports;

/// <summary>Code in the sandbox kept replacing a workspace file while the host put it in place.</summary>
public sealed class WorkspaceConflictException(string message) : IOException(message);
