namespace CodingAgent.Sandbox.Cgroups;

/// <summary>Whether kernels get a cgroup of their own, and in words for logs, readiness and docs.</summary>
internal sealed record CgroupSupport(CgroupVersion Version, string Description)
{
    public bool Available => Version != CgroupVersion.None;
}
