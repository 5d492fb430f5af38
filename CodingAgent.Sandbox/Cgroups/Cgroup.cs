using System.Diagnostics;
using System.Globalization;

namespace CodingAgent.Sandbox.Cgroups;

/// <summary>
/// One control group: on cgroup v1 a directory in each of the memory, pids, cpu and freezer hierarchies, on v2 one
/// directory. Reads and writes its interface files; everything it is asked about comes from the kernel, not from the
/// processes inside, which cannot see or change it (they run in a cgroup namespace without /sys).
/// </summary>
internal sealed class Cgroup
{
    public const string Memory = "memory";
    public const string Pids = "pids";
    public const string Cpu = "cpu";
    public const string Freezer = "freezer";
    private static readonly TimeSpan _freezeWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _exitWait = TimeSpan.FromSeconds(3);
    private readonly IReadOnlyDictionary<string, string> _directories;
    private long _lastOomKills;

    public Cgroup(CgroupVersion version, IReadOnlyDictionary<string, string> directories)
    {
        Version = version;
        _directories = directories;
        Directories = [.. directories.Values.Distinct(StringComparer.Ordinal)];
    }

    public CgroupVersion Version { get; }

    /// <summary>Every directory of the cgroup (one per v1 hierarchy, or the one v2 directory).</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>The cgroup's directory in the hierarchy of a controller (on v2 the one directory).</summary>
    public string DirectoryOf(string controller) => _directories[controller];

    /// <summary>The files a process writes its pid to in order to join the cgroup (in every hierarchy).</summary>
    public IReadOnlyList<string> ProcsFiles => [.. Directories.Select(d => Path.Combine(d, "cgroup.procs"))];

    /// <summary>The processes (thread-group ids) in the cgroup, as host pids; empty once it is gone.</summary>
    public IReadOnlyList<int> Processes()
    {
        try
        {
            return [.. File.ReadAllText(Path.Combine(_directories[Pids], "cgroup.procs"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Memory (swap included: none), tasks and CPU bandwidth.</summary>
    public void Limit(CgroupLimits limits)
    {
        var memory = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
        var tasks = limits.MaxTasks.ToString(CultureInfo.InvariantCulture);
        var quota = limits.CpuQuotaMicroseconds.ToString(CultureInfo.InvariantCulture);
        var period = CgroupLimits.CpuPeriodMicroseconds.ToString(CultureInfo.InvariantCulture);
        if (Version == CgroupVersion.V1)
        {
            Write(Memory, "memory.limit_in_bytes", memory);
            // memory+swap: present where swap accounting is on; it must not be below the memory limit, which is set first
            WriteIfPresent(Memory, "memory.memsw.limit_in_bytes", memory);
            Write(Pids, "pids.max", tasks);
            Write(Cpu, "cpu.cfs_period_us", period);
            Write(Cpu, "cpu.cfs_quota_us", quota);
        }
        else
        {
            Write(Memory, "memory.max", memory);
            WriteIfPresent(Memory, "memory.swap.max", "0");
            Write(Pids, "pids.max", tasks);
            Write(Cpu, "cpu.max", quota + " " + period);
        }
    }

    /// <summary>Stops every process in the cgroup where it is (they cannot run, fork or write) and waits until they are; false if that took too long.</summary>
    public bool Freeze()
    {
        try
        {
            WriteFreezer(frozen: true);
            var waited = Stopwatch.StartNew();
            var spin = new SpinWait();
            while (!IsFrozen())
            {
                if (waited.Elapsed > _freezeWait)
                {
                    return false;
                }
                spin.SpinOnce(sleep1Threshold: 20);
            }
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Thaw()
    {
        try
        {
            WriteFreezer(frozen: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the cgroup is gone
        }
    }

    private void WriteFreezer(bool frozen)
    {
        if (Version == CgroupVersion.V1)
        {
            Write(Freezer, "freezer.state", frozen ? "FROZEN" : "THAWED");
        }
        else
        {
            Write(Freezer, "cgroup.freeze", frozen ? "1" : "0");
        }
    }

    private bool IsFrozen() => Version == CgroupVersion.V1
        ? Read(Freezer, "freezer.state").Trim() == "FROZEN"
        : Read(Freezer, "cgroup.events").Split('\n').Contains("frozen 1");

    /// <summary>How many processes the out-of-memory killer has killed in the cgroup (the last known count once it is gone).</summary>
    public long OomKills()
    {
        try
        {
            var text = Read(Memory, Version == CgroupVersion.V1 ? "memory.oom_control" : "memory.events");
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal))
                {
                    _lastOomKills = long.Parse(line["oom_kill ".Length..], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // gone with its container: keep the last count
        }
        return _lastOomKills;
    }

    /// <summary>The most memory the cgroup has held at once (v2 kernels before 5.19 have no memory.peak: then the current usage).</summary>
    public long PeakMemoryBytes()
    {
        var file = Version == CgroupVersion.V1 ? "memory.max_usage_in_bytes"
            : File.Exists(Path.Combine(_directories[Memory], "memory.peak")) ? "memory.peak" : "memory.current";
        return long.Parse(Read(Memory, file).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Kills every process of the cgroup that is not in <paramref name="keep"/>, with the cgroup frozen so that none can
    /// fork meanwhile, and waits until they are dead (a zombie runs no code). Returns how many it killed.
    /// </summary>
    public async Task<int> KillAllExceptAsync(IReadOnlySet<int> keep, CancellationToken cancellationToken)
    {
        var killed = new HashSet<int>();
        for (var round = 0; round < 5; round++)
        {
            var (victims, signalled, frozen) = KillFrozen(keep);
            killed.UnionWith(signalled);
            if (victims.Count == 0)
            {
                break;
            }
            await WaitUntilDeadAsync(victims, cancellationToken).ConfigureAwait(false);
            if (frozen && Processes().All(keep.Contains))
            {
                break;
            }
        }
        return killed.Count;
    }

    /// <summary>
    /// SIGKILL to every process of the cgroup, frozen meanwhile so that none can fork; does not wait for them to die.
    /// Returns how many it signalled.
    /// </summary>
    public int KillAll() => Processes().Count == 0 ? 0 : KillFrozen(new HashSet<int>()).Killed.Count;

    /// <summary>
    /// One round of killing: the cgroup frozen, SIGKILL to each of its processes not in <paramref name="keep"/>, thawed;
    /// the processes it meant to kill, those it signalled, and whether the freeze held.
    /// </summary>
    private (List<int> Victims, List<int> Killed, bool Frozen) KillFrozen(IReadOnlySet<int> keep)
    {
        var frozen = Freeze();
        try
        {
            List<int> victims = [.. Processes().Where(p => !keep.Contains(p))];
            return (victims, Kill(victims), frozen);
        }
        finally
        {
            Thaw();
        }
    }

    /// <summary>
    /// SIGKILL through pidfds: a pid is opened first and signalled only if it is still in this cgroup once opened, so
    /// a pid that exited and was reused by a process elsewhere is never hit.
    /// </summary>
    private List<int> Kill(IReadOnlyList<int> pids)
    {
        try
        {
            return KillThroughPidFds(pids);
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.36: by pid, which the cgroup being frozen keeps from being reused in between
            var members = Processes().ToHashSet();
            return [.. pids.Where(p => members.Contains(p) && LibC.Kill(p, LibC.SigKill) == 0)];
        }
    }

    private List<int> KillThroughPidFds(IReadOnlyList<int> pids)
    {
        var opened = new List<(int Pid, int Fd)>();
        var killed = new List<int>();
        try
        {
            foreach (var pid in pids)
            {
                var fd = LibC.PidFdOpen(pid, 0);
                if (fd >= 0)
                {
                    opened.Add((pid, fd));
                }
            }
            var members = Processes().ToHashSet();
            foreach (var (pid, fd) in opened.Where(o => members.Contains(o.Pid)))
            {
                if (LibC.PidFdSendSignal(fd, LibC.SigKill, IntPtr.Zero, 0) == 0)
                {
                    killed.Add(pid);
                }
            }
        }
        finally
        {
            foreach (var (_, fd) in opened)
            {
                LibC.Close(fd);
            }
        }
        return killed;
    }

    private static async Task WaitUntilDeadAsync(IEnumerable<int> pids, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _exitWait;
        foreach (var pid in pids)
        {
            while (ProcFs.IsRunning(pid) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(2, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Kills whatever is left in the cgroup and removes its directories; false if one could not be removed.</summary>
    public async Task<bool> RemoveAsync(CancellationToken cancellationToken)
    {
        await KillAllExceptAsync(new HashSet<int>(), cancellationToken).ConfigureAwait(false);
        var removed = true;
        foreach (var directory in Directories)
        {
            removed &= await RemoveDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        return removed;
    }

    /// <summary>rmdir of a cgroup succeeds once its last task has been reaped; exiting tasks take a moment.</summary>
    public static async Task<bool> RemoveDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory);
                }
                return true;
            }
            catch (IOException) when (attempt < 100)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    private string Read(string controller, string file) => File.ReadAllText(Path.Combine(_directories[controller], file));

    private void Write(string controller, string file, string value) => File.WriteAllText(Path.Combine(_directories[controller], file), value);

    private void WriteIfPresent(string controller, string file, string value)
    {
        if (File.Exists(Path.Combine(_directories[controller], file)))
        {
            Write(controller, file, value);
        }
    }
}
