using System.Diagnostics;
using System.Globalization;
using CodingAgent.Sandbox.Cgroups;

namespace CodingAgent.Sandbox;

/// <summary>The processes of a kernel as the members of its cgroup (its own on the process backend, its container's on Docker).</summary>
/// <param name="exitedForMemory">
/// For a container, whose cgroup the engine removes as soon as it stops: whether the engine saw it killed for memory.
/// </param>
internal sealed class KernelProcesses(Cgroup cgroup, Func<bool>? exitedForMemory = null) : IKernelProcesses
{
    private static readonly bool _privileged = LibC.GetEffectiveUserId() == 0;
    private IReadOnlySet<int>? _sandbox;

    public Cgroup Cgroup { get; } = cgroup;

    public void RecordSandboxProcesses() => _sandbox ??= Cgroup.Processes().ToHashSet();

    public async Task<int> StopLeftoversAsync(CancellationToken cancellationToken) =>
        _sandbox is { } sandbox ? await Cgroup.KillAllExceptAsync(sandbox, cancellationToken).ConfigureAwait(false) : 0;

    public bool Freeze() => Cgroup.Freeze();

    public void Thaw() => Cgroup.Thaw();

    public long OomKills()
    {
        var kills = Cgroup.OomKills();
        return exitedForMemory is not null && !Directory.Exists(Cgroup.DirectoryOf(Cgroup.Memory)) && exitedForMemory() ? kills + 1 : kills;
    }

    public long PeakMemoryBytes() => Cgroup.PeakMemoryBytes();

    public void LimitFileSize(long bytes)
    {
        if (!_privileged || _sandbox is null)
        {
            return;
        }
        var limit = new LibC.RLimit { Current = (ulong)Math.Max(0, bytes), Maximum = (ulong)Math.Max(0, bytes) };
        foreach (var pid in _sandbox)
        {
            // EPERM without CAP_SYS_RESOURCE (containers drop it): then the kernel's own soft limit is all there is
            _ = LibC.PrLimit(pid, LibC.RlimitFsize, limit, IntPtr.Zero);
        }
    }

    public void StopFileGrowth()
    {
        foreach (var pid in _sandbox ?? new HashSet<int>())
        {
            var current = ReadFileSizeLimit(pid);
            if (current is null)
            {
                continue;
            }
            var limit = new LibC.RLimit { Current = 0, Maximum = current.Value };
            if (LibC.PrLimit(pid, LibC.RlimitFsize, limit, IntPtr.Zero) != 0 && _privileged && ReadIds(pid) is { } ids && ids.Uid != 0)
            {
                // a process of the same uid and gid may lower another's limits without any capability
                RunAs(ids.Uid, ids.Gid, "/usr/bin/prlimit", "--pid", pid.ToString(CultureInfo.InvariantCulture), "--fsize=0:");
            }
        }
    }

    /// <summary>The hard RLIMIT_FSIZE of a process ("unlimited" as the largest value), or null once it is gone.</summary>
    private static ulong? ReadFileSizeLimit(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/limits").FirstOrDefault(l => l.StartsWith("Max file size", StringComparison.Ordinal));
            var hard = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4];
            return hard is null ? null : hard == "unlimited" ? ulong.MaxValue : ulong.Parse(hard, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The real uid and gid of a process, when all of its uids (and gids) are the same.</summary>
    private static (int Uid, int Gid)? ReadIds(int pid)
    {
        try
        {
            var lines = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status");
            int[] Ids(string key) => [.. lines.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(3).Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
            var (uids, gids) = (Ids("Uid:"), Ids("Gid:"));
            return uids.Distinct().Count() == 1 && gids.Distinct().Count() == 1 ? (uids[0], gids[0]) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static void RunAs(int uid, int gid, params string[] command)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment.Clear();
        foreach (var argument in new[] { $"--reuid={uid.ToString(CultureInfo.InvariantCulture)}", $"--regid={gid.ToString(CultureInfo.InvariantCulture)}", "--clear-groups", "--" }.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var helper = System.Diagnostics.Process.Start(start);
            helper?.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // setpriv or prlimit missing: the kernel is told to lower its own limit, and the host watches for growth
        }
    }
}
