namespace CodingAgent.Sandbox.Cgroups;

/// <summary>Which cgroup hierarchy the host gives kernels their limits in.</summary>
internal enum CgroupVersion
{
    /// <summary>No usable cgroup: kernels get rlimits only.</summary>
    None,

    /// <summary>Legacy hierarchies, one per controller (memory, pids, cpu, freezer) under /sys/fs/cgroup/&lt;controller&gt;.</summary>
    V1,

    /// <summary>The unified hierarchy (/sys/fs/cgroup): one directory per cgroup, controllers enabled per subtree.</summary>
    V2,
}
