namespace CodingAgent.Sandbox;

/// <summary>Starts a confined kernel process on a workspace directory (bubblewrap or Docker).</summary>
internal interface IKernelLauncher : IAsyncDisposable
{
    /// <summary>For logs and errors, e.g. "bubblewrap" or "docker codingagent-sandbox:abc".</summary>
    string Name { get; }

    /// <summary>
    /// True when the launcher can run each kernel as a host uid of its own (the app runs as root); the pool then
    /// allocates one per kernel and gives it the kernel's workspace.
    /// </summary>
    bool AssignsUids { get; }

    /// <summary>How kernels' memory, processes and CPU are bounded here, in words (for logs, readiness and docs).</summary>
    string ResourceControl { get; }

    /// <param name="uid">The kernel's host uid and gid when <see cref="AssignsUids"/>; otherwise null.</param>
    Task<IKernelTransport> LaunchAsync(string workspace, string kernelDirectory, int? uid, CancellationToken cancellationToken);
}
