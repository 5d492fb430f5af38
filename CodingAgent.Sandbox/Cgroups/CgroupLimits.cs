namespace CodingAgent.Sandbox.Cgroups;

/// <summary>What one kernel's cgroup allows: memory (no swap), processes and threads, CPUs.</summary>
internal sealed record CgroupLimits(long MemoryBytes, int MaxTasks, double Cpus)
{
    public const long CpuPeriodMicroseconds = 100_000;

    public long CpuQuotaMicroseconds => Math.Max(1000, (long)(Cpus * CpuPeriodMicroseconds));
}
