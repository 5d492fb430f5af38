namespace CodingAgent.Sandbox.Cgroups;

/// <summary>One mounted cgroup hierarchy: where it is mounted, and which cgroup of the hierarchy that directory is.</summary>
internal sealed record CgroupMount(string MountPoint, string Root)
{
    /// <summary>The directory of a cgroup path (as /proc/&lt;pid&gt;/cgroup names it), or null when this mount cannot reach it.</summary>
    public string? DirectoryOf(string cgroupPath)
    {
        if (!cgroupPath.StartsWith('/') || cgroupPath.Split('/').Contains(".."))
        {
            // "/.." paths lie outside this process's cgroup namespace
            return null;
        }
        string relative;
        if (Root == "/")
        {
            relative = cgroupPath;
        }
        else if (cgroupPath == Root || cgroupPath.StartsWith(Root + "/", StringComparison.Ordinal))
        {
            relative = cgroupPath[Root.Length..];
        }
        else
        {
            return null;
        }
        return MountPoint.TrimEnd('/') + relative.TrimEnd('/');
    }
}
