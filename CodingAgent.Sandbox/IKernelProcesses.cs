namespace CodingAgent.Sandbox;

/// <summary>
/// The processes of one running kernel, controlled from the host through the kernel's cgroup, where the code in the
/// sandbox can neither see nor change it.
/// </summary>
internal interface IKernelProcesses
{
    /// <summary>
    /// Takes the processes in the cgroup now as the sandbox's own (bubblewrap, a container's init, the kernel). Called
    /// when the kernel says it is ready: no model-written code has run yet, so nothing else can be there.
    /// </summary>
    void RecordSandboxProcesses();

    /// <summary>Kills every other process of the kernel (what the code left running) and returns how many there were.</summary>
    Task<int> StopLeftoversAsync(CancellationToken cancellationToken);

    /// <summary>Stops every process of the kernel where it is; false if that did not happen in time.</summary>
    bool Freeze();

    void Thaw();

    /// <summary>Processes the out-of-memory killer has killed in the kernel's cgroup so far.</summary>
    long OomKills();

    /// <summary>The most memory the kernel's cgroup has held at once.</summary>
    long PeakMemoryBytes();

    /// <summary>
    /// Sets RLIMIT_FSIZE, soft and hard, of the sandbox's own processes, so code cannot raise it and what it starts
    /// inherits it. Only where the app may raise limits again (CAP_SYS_RESOURCE); elsewhere the kernel lowers its own
    /// soft limit before the code runs.
    /// </summary>
    void LimitFileSize(long bytes);

    /// <summary>
    /// With the kernel frozen: sets its soft RLIMIT_FSIZE to 0, so no file can grow once it is thawed (without
    /// CAP_SYS_RESOURCE, through prlimit run as the kernel's own uid). Code could raise it again; the host watches for that.
    /// </summary>
    void StopFileGrowth();
}
