using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox.Cgroups;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// The worker as a child process confined like a kernel (<see cref="ProfilerCommand"/>): bubblewrap with no network,
/// nothing of the host but the worker's files and the one input, read-only, a size-limited /tmp, the seccomp filter, a
/// clean environment, an unprivileged uid of its own when the app is root, and a cgroup with memory, tasks and CPU
/// limits where the host allows it. Unconfined (development only): a plain child process with the same clean
/// environment and a private scratch folder.
/// </summary>
internal sealed class BubblewrapProfilerLauncher : IProfilerLauncher
{
    private const string ProcessSubject = "File profilers";
    private readonly ProfilingOptions _options;
    private readonly SandboxOptions _sandbox;
    private readonly ProfilerPrivateFolder _folder;
    private readonly Lazy<WorkerFiles> _worker;
    private readonly bool _confined;
    private readonly SeccompFilterFile? _seccomp;
    private readonly KernelCgroups? _cgroups;
    private readonly UidAllocator? _uids;

    public BubblewrapProfilerLauncher(ProfilingOptions options, SandboxOptions sandbox, ProfilerPrivateFolder folder, bool confined, ILogger logger)
    {
        _options = options;
        _sandbox = sandbox;
        _folder = folder;
        _confined = confined;
        _worker = new Lazy<WorkerFiles>(() => WorkerFiles.Resolve(_options));
        if (confined)
        {
            _seccomp = SeccompFilterFile.WriteFor(sandbox);
            var limits = new CgroupLimits(((long)options.MemoryLimitMb + options.ScratchSizeMb) * 1024 * 1024, options.MaxTasks + KernelCgroups.SandboxTasks, options.Threads);
            _cgroups = new KernelCgroups(sandbox, limits, ProcessSubject, logger);
            if (Environment.UserName == "root" && File.Exists("/usr/bin/setpriv"))
            {
                _uids = new UidAllocator(sandbox.UidRangeStart, sandbox.UidRangeSize, sandbox.UidLockDirectory);
            }
        }
    }

    /// <summary>Whether profilers get a cgroup of their own here (memory, tasks and CPU limits), and if not why.</summary>
    public CgroupSupport? ResourceControl => _cgroups?.Support;

    /// <summary>Whether each profile runs as an unprivileged uid of its own (the app is root).</summary>
    public bool AssignsUids => _uids is not null;

    public async Task<IProfilerRun> StartAsync(string input, string fileName, CancellationToken cancellationToken)
    {
        var uid = _uids?.Allocate();
        string? copy = null;
        string? scratch = null;
        ReadGrant? grant = null;
        try
        {
            var worker = _worker.Value;
            System.Diagnostics.ProcessStartInfo start;
            if (_confined)
            {
                // the blob store writes 0600 files: a worker of another uid is granted reading the file (else reads a
                // copy); bubblewrap as the app's user reads the file as it is
                if (uid is { } workerUid && (File.GetUnixFileMode(input) & UnixFileMode.OtherRead) == 0)
                {
                    grant = ReadGrant.TryGrant(input, workerUid);
                    copy = grant is null ? await _folder.ReadableCopyAsync(input, cancellationToken).ConfigureAwait(false) : null;
                }
                start = ProfilerCommand.Create(_options, _sandbox, worker, copy ?? input, fileName, uid, _seccomp!);
            }
            else
            {
                scratch = _folder.CreateScratch();
                start = ProfilerCommand.CreateUnconfined(_options, worker, input, fileName, scratch);
            }
            var transport = Start(start, uid);
            return new ProcessProfilerRun(transport, [input, .. new[] { copy, scratch }.OfType<string>()], () => Release(uid, copy, scratch, grant: grant));
        }
        catch
        {
            Release(uid, copy, scratch, grant: grant);
            throw;
        }
    }

    /// <summary>
    /// A worker confined the same way, started ahead of its file with a fresh empty input folder (the app's, 0755)
    /// bound read-only at /input, where <see cref="ProcessProfilerRun.AssignAsync"/> later puts the one file.
    /// </summary>
    public Task<ISpareProfilerRun?> StartSpareAsync(CancellationToken cancellationToken)
    {
        var uid = _uids?.Allocate();
        string? inputFolder = null;
        string? scratch = null;
        try
        {
            var worker = _worker.Value;
            inputFolder = _folder.CreateInputFolder();
            System.Diagnostics.ProcessStartInfo start;
            if (_confined)
            {
                start = ProfilerCommand.CreateWaiting(_options, _sandbox, worker, inputFolder, uid, _seccomp!);
            }
            else
            {
                scratch = _folder.CreateScratch();
                start = ProfilerCommand.CreateUnconfinedWaiting(_options, worker, inputFolder, scratch);
            }
            var transport = Start(start, uid);
            var folder = inputFolder;
            var scratchFolder = scratch;
            return Task.FromResult<ISpareProfilerRun?>(new ProcessProfilerRun(transport, [inputFolder, .. new[] { scratch }.OfType<string>()], () => Release(uid, null, scratchFolder, folder), inputFolder, uid));
        }
        catch
        {
            Release(uid, null, scratch, inputFolder);
            throw;
        }
    }

    /// <summary>The process in a cgroup of its own where the host allows it.</summary>
    private ProcessTransport Start(System.Diagnostics.ProcessStartInfo start, int? uid)
    {
        var cgroup = _cgroups?.Create();
        if (cgroup is not null)
        {
            start = CgroupJoinCommand.Wrap(start, cgroup.ProcsFiles);
        }
        try
        {
            return new ProcessTransport(start, killTree: !_confined, sandboxUid: uid, cgroup);
        }
        catch when (cgroup is not null)
        {
            cgroup.RemoveAsync(CancellationToken.None).GetAwaiter().GetResult();
            throw;
        }
    }

    private void Release(int? uid, string? copy, string? scratch, string? inputFolder = null, ReadGrant? grant = null)
    {
        // the worker is gone: its read access to the file goes before its uid can be another worker's
        grant?.Dispose();
        _uids?.Release(uid);
        if (copy is not null)
        {
            File.Delete(copy);
        }
        if (scratch is not null)
        {
            Directory.Delete(scratch, recursive: true);
        }
        if (inputFolder is not null)
        {
            // the app's own folder, never writable by the sandbox: what is in it is the host's copy or link
            Directory.Delete(inputFolder, recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cgroups is not null)
        {
            await _cgroups.DisposeAsync().ConfigureAwait(false);
        }
    }
}
