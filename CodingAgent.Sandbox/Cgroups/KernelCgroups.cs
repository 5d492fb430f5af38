using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Sandbox.Cgroups;

/// <summary>
/// Kernel cgroups below the app's own cgroup (so a service manager's accounting and delegation still hold):
/// <c>&lt;own&gt;/codingagent/&lt;instance&gt;/&lt;app pid-start time&gt;-&lt;n&gt;</c> in the memory, pids, cpu and freezer
/// hierarchies (v1) or one directory with the memory, pids and cpu controllers enabled on the way down (v2). At start,
/// cgroups of this instance whose app process is gone (a crash) are emptied and removed. Without root or a delegated,
/// writable cgroup, kernels get rlimits only, and that is said once, as a warning.
/// </summary>
internal sealed partial class KernelCgroups : IKernelCgroups
{
    private const string Top = "codingagent";
    private const string AppLeaf = "codingagent-app";
    private readonly CgroupMounts _mounts;
    private readonly CgroupLimits _limits;
    private readonly ILogger _logger;
    private readonly string _identity = ProcFs.SelfIdentity();
    private readonly Dictionary<string, string> _bases = [];
    private readonly Dictionary<string, string> _owns = [];
    /// <summary>Process-wide: several pools of one instance (tests, a second pool) share the folder, so names must not repeat.</summary>
    private static int _sequence;

    public KernelCgroups(SandboxOptions options, ILogger logger)
        : this(options, CgroupMounts.Read(), File.ReadAllText("/proc/self/cgroup"), logger)
    {
    }

    internal KernelCgroups(SandboxOptions options, CgroupMounts mounts, string ownCgroup, ILogger logger)
        : this(options, KernelLimits(options), "Kernels", mounts, ownCgroup, logger)
    {
    }

    /// <summary>Cgroups with other limits than a kernel's (a file profiler's) in the same folders as this instance's kernels.</summary>
    /// <param name="subject">Who gets the cgroups, for the log ("Kernels", "File profilers").</param>
    public KernelCgroups(SandboxOptions options, CgroupLimits limits, string subject, ILogger logger)
        : this(options, limits, subject, CgroupMounts.Read(), File.ReadAllText("/proc/self/cgroup"), logger)
    {
    }

    private KernelCgroups(SandboxOptions options, CgroupLimits limits, string subject, CgroupMounts mounts, string ownCgroup, ILogger logger)
    {
        _mounts = mounts;
        _logger = logger;
        _limits = limits;
        var instance = Regex.Replace(options.InstanceName, "[^A-Za-z0-9_.-]", "_").TrimStart('.');
        Support = Prepare(ownCgroup, instance.Length == 0 ? "default" : instance);
        if (Support.Available)
        {
            LogAvailable(_logger, subject, Support.Description);
            RemoveStale();
        }
        else
        {
            LogUnavailable(_logger, subject, Support.Description);
        }
    }

    private static CgroupLimits KernelLimits(SandboxOptions options) =>
        new((long)options.MemoryLimitMb * 1024 * 1024, options.MaxProcesses + SandboxTasks, options.DockerCpus);

    /// <summary>bubblewrap's own two processes (outside and init inside the sandbox) are in the cgroup too.</summary>
    public const int SandboxTasks = 2;

    public CgroupSupport Support { get; }

    public Cgroup? Create()
    {
        if (!Support.Available)
        {
            return null;
        }
        var name = $"{_identity}-{Interlocked.Increment(ref _sequence)}";
        var directories = _bases.ToDictionary(b => b.Key, b => Path.Combine(b.Value, name));
        var cgroup = new Cgroup(Support.Version, directories);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    EnsureBases();
                    foreach (var directory in cgroup.Directories)
                    {
                        Directory.CreateDirectory(directory);
                    }
                    cgroup.Limit(_limits);
                    return cgroup;
                }
                catch (IOException) when (attempt < 3)
                {
                    // another pool of this instance that stopped may have removed the instance's folder in between
                    // (on v2 with it the controllers enabled for its children): set it up again
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            foreach (var directory in cgroup.Directories)
            {
                _ = Cgroup.RemoveDirectoryAsync(directory, CancellationToken.None);
            }
            throw new InvalidOperationException($"Could not create the kernel's cgroup {cgroup.Directories[0]}: {ex.Message}", ex);
        }
    }

    /// <summary>Removes this instance's (and the top) folder once no kernel of any app uses it; a busy one stays.</summary>
    public ValueTask DisposeAsync()
    {
        foreach (var directory in _bases.Values.Distinct(StringComparer.Ordinal))
        {
            foreach (var folder in new[] { directory, Path.GetDirectoryName(directory)! })
            {
                try
                {
                    Directory.Delete(folder);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // still used by kernels of another pool or app instance
                }
            }
        }
        return ValueTask.CompletedTask;
    }

    private CgroupSupport Prepare(string ownCgroup, string instance)
    {
        if (_mounts.Version == CgroupVersion.None)
        {
            return new CgroupSupport(CgroupVersion.None, _mounts.Problem);
        }
        if (_mounts.Resolve(ownCgroup) is not { } own)
        {
            return new CgroupSupport(CgroupVersion.None, "the app's own cgroup is not reachable from its mount namespace");
        }
        var controllers = _mounts.Version == CgroupVersion.V1 ? CgroupMounts.V1Controllers : CgroupMounts.V2Controllers.Append(Cgroup.Freezer);
        foreach (var controller in controllers)
        {
            _owns[controller] = own.DirectoryOf(controller);
            _bases[controller] = Path.Combine(_owns[controller], Top, instance);
        }
        try
        {
            EnsureBases();
            // the folders may exist already (made by another user, e.g. root): this user must be able to make cgroups in them
            foreach (var directory in _bases.Values.Distinct(StringComparer.Ordinal))
            {
                var probe = Path.Combine(directory, $"probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
                Directory.CreateDirectory(probe);
                Directory.Delete(probe);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new CgroupSupport(CgroupVersion.None, $"cannot create kernel cgroups below {_owns[Cgroup.Memory]} ({ex.Message}); run the app as root or in a delegated cgroup");
        }
        var version = _mounts.Version == CgroupVersion.V1 ? "cgroup v1" : "cgroup v2";
        return new CgroupSupport(_mounts.Version, $"{version}: a cgroup per kernel below {string.Join(", ", _bases.Values.Distinct(StringComparer.Ordinal))} (memory {_limits.MemoryBytes / (1024 * 1024)} MB, swap included where the host accounts it, {_limits.MaxTasks} tasks, {_limits.Cpus} CPUs)");
    }

    /// <summary>
    /// Creates <c>codingagent/&lt;instance&gt;</c> (again, if an app that stopped removed it). On v2 the memory, pids and
    /// cpu controllers are enabled for the children of the app's cgroup and of both folders; v2 allows that only in a
    /// cgroup without processes of its own, so the app first moves itself into a leaf cgroup beside the kernels'.
    /// </summary>
    private void EnsureBases()
    {
        foreach (var (controller, directory) in _bases)
        {
            Directory.CreateDirectory(directory);
            if (_mounts.Version == CgroupVersion.V2 && controller == Cgroup.Memory)
            {
                EnableControllers(_owns[controller], moveAppOut: true);
                EnableControllers(Path.GetDirectoryName(directory)!, moveAppOut: false);
                EnableControllers(directory, moveAppOut: false);
            }
        }
    }

    private void EnableControllers(string directory, bool moveAppOut)
    {
        var subtree = Path.Combine(directory, "cgroup.subtree_control");
        var enabled = CgroupMounts.ReadWords(subtree);
        var missing = CgroupMounts.V2Controllers.Where(c => !enabled.Contains(c)).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var request = string.Join(' ', missing.Select(c => "+" + c));
        try
        {
            File.WriteAllText(subtree, request);
        }
        catch (IOException) when (moveAppOut)
        {
            // EBUSY: the app's own cgroup has processes (the app itself)
            var leaf = Path.Combine(directory, AppLeaf);
            Directory.CreateDirectory(leaf);
            File.WriteAllText(Path.Combine(leaf, "cgroup.procs"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            LogMovedApp(_logger, leaf);
            File.WriteAllText(subtree, request);
        }
    }

    /// <summary>Kernel cgroups of this instance whose app process no longer runs: their kernels died with it; anything left is killed.</summary>
    private void RemoveStale()
    {
        var stale = _bases.Values.Distinct(StringComparer.Ordinal)
            .SelectMany(SubdirectoriesOf)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Where(name => !ProcFs.IdentityAlive(name))
            .ToList();
        foreach (var name in stale)
        {
            var cgroup = new Cgroup(Support.Version, _bases.ToDictionary(b => b.Key, b => Path.Combine(b.Value, name)));
            var removed = cgroup.RemoveAsync(CancellationToken.None).GetAwaiter().GetResult();
            LogStale(_logger, name, removed);
        }
    }

    /// <summary>The kernel cgroups in an instance's folder; none when another pool that stopped just removed the folder.</summary>
    private static IEnumerable<string?> SubdirectoriesOf(string directory)
    {
        try
        {
            return [.. Directory.EnumerateDirectories(directory).Select(Path.GetFileName)];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Subject} limits: {Description}")]
    private static partial void LogAvailable(ILogger logger, string subject, string description);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject} get no cgroup ({Reason}): memory is bounded per process only (RLIMIT_AS for kernels, the worker's own heap limit for file profilers), so a kernel's processes together and its /tmp and /dev/shm can hold more than Sandbox:MemoryLimitMb; processes left running by a cell are not stopped; there is no CPU quota and no freezing at the disk quota.")]
    private static partial void LogUnavailable(ILogger logger, string subject, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved the app into {Leaf}: cgroup v2 enables controllers for kernels only in a cgroup without processes")]
    private static partial void LogMovedApp(ILogger logger, string leaf);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed kernel cgroup {Name} left by an app process that is gone (removed: {Removed})")]
    private static partial void LogStale(ILogger logger, string name, bool removed);
}
