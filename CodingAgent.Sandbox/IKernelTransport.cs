namespace CodingAgent.Sandbox;

/// <summary>The stdio of a started kernel: a bubblewrap process's pipes or a Docker container's attach stream.</summary>
internal interface IKernelTransport : IAsyncDisposable
{
    /// <summary>Protocol messages to the kernel (its stdin).</summary>
    Stream Input { get; }

    /// <summary>Protocol messages from the kernel (its stdout).</summary>
    Stream Output { get; }

    /// <summary>Completes when the kernel process has exited.</summary>
    Task Exited { get; }

    /// <summary>A short description of how the process ended (exit code, signal, last diagnostics).</summary>
    string DescribeExit();

    /// <summary>The kernel's processes as the host controls them (its cgroup), or null where the host cannot reach them.</summary>
    IKernelProcesses? Processes { get; }

    /// <summary>Kills the process and everything it started.</summary>
    void Kill();
}
