namespace CodingAgent.Sandbox.Cgroups;

/// <summary>Gives each kernel a cgroup of its own under <c>codingagent/&lt;instance&gt;/</c>, where the host allows it.</summary>
internal interface IKernelCgroups : IAsyncDisposable
{
    /// <summary>Whether kernels get cgroups here; when not, why (logged once as a warning at start).</summary>
    CgroupSupport Support { get; }

    /// <summary>A new, empty cgroup with the kernel's limits, or null when <see cref="Support"/> is unavailable.</summary>
    /// <exception cref="InvalidOperationException">cgroups are available but this one could not be created or limited.</exception>
    Cgroup? Create();
}
