namespace CodingAgent.Core.Ports;

/// <summary>What a workspace entry is, and its size in bytes when it is a regular file (0 otherwise).</summary>
public sealed record WorkspaceFileInfo(WorkspaceEntryKind Kind, long Size);
