namespace CodingAgent.Sandbox.Workspace;

/// <summary>Disk a workspace takes: bytes allocated to its regular files; not <paramref name="Complete"/> when it has more entries or levels than a walk visits.</summary>
internal sealed record WorkspaceUsage(long AllocatedBytes, bool Complete);
