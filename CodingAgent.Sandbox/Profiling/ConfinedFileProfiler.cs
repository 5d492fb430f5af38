using System.Text.Json;
using System.Text.RegularExpressions;
using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox.Cgroups;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// Profiles a file in the CodingAgent.Profiler process, confined like a kernel (<see cref="ProfilerCommand"/>): no
/// network, nothing of the host but the worker's files and the one input, read-only, a size-limited /tmp, the seccomp
/// filter, a clean environment, an unprivileged uid of its own when the app is root, a cgroup with memory, tasks and
/// CPU limits where the host allows it, and a wall-clock timeout after which everything it started is killed. A parser
/// crash, a hang, a flood of output or an exploit fails that one profile with a message for people, nothing else.
/// At most <see cref="ProfilingOptions.MaxConcurrent"/> run at once. Without bubblewrap it refuses to exist unless
/// <c>Sandbox:AllowUnconfined</c> is set (development only, warned about), or with <c>Sandbox:Provider=Docker</c>, where
/// every profile then fails saying why.
/// </summary>
internal sealed partial class ConfinedFileProfiler : IFileProfiler, IAsyncDisposable
{
    private const string ProcessSubject = "File profilers";
    private readonly ProfilingOptions _options;
    private readonly SandboxOptions _sandbox;
    private readonly TimeProvider _time;
    private readonly ILogger<ConfinedFileProfiler> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Lazy<WorkerFiles> _worker;
    private readonly Mode _mode;
    private readonly SeccompFilterFile? _seccomp;
    private readonly IKernelCgroups? _cgroups;
    private readonly UidAllocator? _uids;
    private readonly string _privateFolder;
    private readonly Lock _privateFolderGate = new();
    private volatile bool _privateFolderReady;
    private int _waiting;

    private enum Mode
    {
        Confined,
        Unconfined,
        Unavailable,
    }

    public ConfinedFileProfiler(IOptions<ProfilingOptions> options, IOptions<SandboxOptions> sandbox, TimeProvider time, ILogger<ConfinedFileProfiler> logger)
    {
        _options = options.Value;
        _sandbox = sandbox.Value;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrent, _options.MaxConcurrent);
        _worker = new Lazy<WorkerFiles>(() => WorkerFiles.Resolve(_options));
        _mode = File.Exists(_sandbox.BubblewrapPath) ? Mode.Confined
            : _sandbox.AllowUnconfined ? Mode.Unconfined
            : _sandbox.Provider == SandboxOptions.DockerProvider ? Mode.Unavailable
            : throw new InvalidOperationException(
                $"bubblewrap was not found at {_sandbox.BubblewrapPath}, and CodingAgent will not parse uploaded files unconfined. " +
                "Install it (apt-get install bubblewrap) or, for development only, set Sandbox:AllowUnconfined=true.");
        var instance = Regex.Replace(_sandbox.InstanceName, "[^A-Za-z0-9_.-]", "_").TrimStart('.');
        // this instance's own: another instance on the same data folder keeps its files while this one clears its leftovers
        _privateFolder = Path.Combine(_sandbox.RuntimeDirectory, "profiling", instance.Length == 0 ? "default" : instance);
        switch (_mode)
        {
            case Mode.Confined:
                _seccomp = SeccompFilterFile.WriteFor(_sandbox);
                var limits = new CgroupLimits(((long)_options.MemoryLimitMb + _options.ScratchSizeMb) * 1024 * 1024, _options.MaxTasks + KernelCgroups.SandboxTasks, _options.Threads);
                _cgroups = new KernelCgroups(_sandbox, limits, ProcessSubject, logger);
                if (Environment.UserName == "root" && File.Exists("/usr/bin/setpriv"))
                {
                    _uids = new UidAllocator(_sandbox.UidRangeStart, _sandbox.UidRangeSize, _sandbox.UidLockDirectory);
                }
                break;
            case Mode.Unconfined:
                LogUnconfined(logger);
                break;
            default:
                LogUnavailable(logger, _sandbox.BubblewrapPath);
                break;
        }
    }

    /// <summary>Whether profilers get a cgroup of their own here (memory, tasks and CPU limits), and if not why.</summary>
    internal CgroupSupport? ResourceControl => _cgroups?.Support;

    /// <summary>Profiles waiting for one of the <see cref="ProfilingOptions.MaxConcurrent"/> slots.</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Whether each profile runs as an unprivileged uid of its own (the app is root).</summary>
    internal bool AssignsUids => _uids is not null;

    public async Task<FileProfile> ProfileAsync(string path, string fileName, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (_mode == Mode.Unavailable)
        {
            return FileProfile.Failed("Profiling is unavailable: the app cannot confine the file parser here (bubblewrap is missing). See README, \"Profiling with the Docker provider\".");
        }
        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        try
        {
            return await RunAsync(path, ProfilerFileName.Sanitize(fileName), progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<FileProfile> RunAsync(string path, string fileName, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            // the caller's storage lost the content: not a property of the file, and not bubblewrap's to report
            throw new FileNotFoundException("The file to profile is not in the host's storage.", path);
        }
        var uid = _uids?.Allocate();
        string? copy = null;
        string? scratch = null;
        try
        {
            var worker = _worker.Value;
            System.Diagnostics.ProcessStartInfo start;
            if (_mode == Mode.Confined)
            {
                copy = await ReadableCopyAsync(path, uid, cancellationToken).ConfigureAwait(false);
                start = ProfilerCommand.Create(_options, _sandbox, worker, copy ?? path, fileName, uid, _seccomp!);
            }
            else
            {
                scratch = Directory.CreateDirectory(Path.Combine(PrivateFolder(), "scratch-" + Guid.NewGuid().ToString("N"))).FullName;
                start = ProfilerCommand.CreateUnconfined(_options, worker, path, fileName, scratch);
            }
            var cgroup = _cgroups?.Create();
            if (cgroup is not null)
            {
                start = CgroupJoinCommand.Wrap(start, cgroup.ProcsFiles);
            }
            ProcessTransport transport;
            try
            {
                transport = new ProcessTransport(start, killTree: _mode != Mode.Confined, sandboxUid: uid, cgroup);
            }
            catch when (cgroup is not null)
            {
                await cgroup.RemoveAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            await using (transport.ConfigureAwait(false))
            {
                var profile = await WatchAsync(transport, fileName, [path, copy, scratch], progress, cancellationToken).ConfigureAwait(false);
                LogProfiled(_logger, fileName, profile.Status, profile.Error);
                return profile;
            }
        }
        finally
        {
            _uids?.Release(uid);
            if (copy is not null)
            {
                File.Delete(copy);
            }
            if (scratch is not null)
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>Reads the worker's output until it exits, the timeout or the output cap is reached, or the caller cancels; then says what happened.</summary>
    private async Task<FileProfile> WatchAsync(ProcessTransport transport, string fileName, IEnumerable<string?> hostPaths, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        // nothing is written to the worker; its stdin is closed at once
        transport.Input.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds), _time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        WorkerOutput output;
        await using (stop.Token.Register(transport.Kill).ConfigureAwait(false))
        {
            output = await WorkerOutput.ReadAsync(transport.Output, _options.MaxOutputBytes, progress).ConfigureAwait(false);
            if (output.TooLarge)
            {
                transport.Kill();
            }
            await transport.Exited.ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var oomKills = transport.Processes?.OomKills() ?? 0;
        var exitCode = transport.ExitCode;
        var lastLine = Scrub(transport.LastDiagnosticLine, hostPaths);
        if (output.TooLarge)
        {
            return FileProfile.Failed($"The profiler wrote more than {Size(_options.MaxOutputBytes)} of output: the profile was too large.");
        }
        if (output.Profile is { } profile)
        {
            return profile;
        }
        if (timeout.IsCancellationRequested)
        {
            LogTimedOut(_logger, fileName, _options.TimeoutSeconds);
            return FileProfile.Failed($"Profiling stopped after {_options.TimeoutSeconds} s: the file took too long to read. Profiling:TimeoutSeconds sets the limit.");
        }
        if (oomKills > 0 || exitCode == 128 + LibC.SigKill || IsOutOfMemory(lastLine))
        {
            return FileProfile.Failed($"The profiler ran out of memory (limit {_options.MemoryLimitMb} MB) reading this file. Profiling:MemoryLimitMb sets the limit.");
        }
        if (exitCode == 1 && lastLine is not null && lastLine.StartsWith("bwrap: ", StringComparison.Ordinal))
        {
            // the host refuses what the sandbox needs (namespaces in a container with Docker's default seccomp profile)
            return FileProfile.Failed($"Profiling is unavailable: the file parser's sandbox could not be created ({lastLine}). See README, \"Profiling with the Docker provider\".");
        }
        var state = exitCode is > 128 and < 128 + 65 ? $"signal {exitCode - 128}" : $"exit code {exitCode}";
        return FileProfile.Failed($"The profiler stopped unexpectedly ({state})" + (lastLine is { Length: > 0 } ? ": " + lastLine : "."));
    }

    /// <summary>.NET's own words when its heap limit is reached and nothing caught it.</summary>
    private static bool IsOutOfMemory(string? line) =>
        line is not null && (line.Contains("OutOfMemoryException", StringComparison.Ordinal) || line.Contains("Out of memory", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The host path the worker may read the input at. When the worker runs as an unprivileged uid and the file is
    /// private to the app (the blob store writes 0600 files), a copy readable by anybody in this instance's private
    /// runtime folder (0700: nobody else on the host can enter it; inside the sandbox only the worker exists): a
    /// descriptor handed in would not do, since DuckDB opens its input by path and reopening /proc/self/fd/N checks the
    /// file's permissions again. The copy is a reflink or an in-kernel copy where the filesystem allows; null when the
    /// file is readable as it is.
    /// </summary>
    private async Task<string?> ReadableCopyAsync(string path, int? uid, CancellationToken cancellationToken)
    {
        if (uid is null || (File.GetUnixFileMode(path) & UnixFileMode.OtherRead) != 0)
        {
            return null;
        }
        var copy = Path.Combine(PrivateFolder(), "input-" + Guid.NewGuid().ToString("N"));
        try
        {
            await Task.Run(() => File.Copy(path, copy), cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch
        {
            File.Delete(copy);
            throw;
        }
        return copy;
    }

    /// <summary>
    /// This instance's private folder for input copies and (unconfined) scratch folders. Whatever is in it the first
    /// time was left by a crash of this instance and is removed before any profile of this run puts a file there.
    /// </summary>
    private string PrivateFolder()
    {
        if (_privateFolderReady)
        {
            return _privateFolder;
        }
        lock (_privateFolderGate)
        {
            if (!_privateFolderReady)
            {
                PrivateDirectory.Ensure(Path.GetDirectoryName(_privateFolder)!);
                var folder = PrivateDirectory.Ensure(_privateFolder);
                foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
                {
                    if (entry is DirectoryInfo directory)
                    {
                        directory.Delete(recursive: true);
                    }
                    else
                    {
                        entry.Delete();
                    }
                }
                _privateFolderReady = true;
            }
        }
        return _privateFolder;
    }

    /// <summary>The worker's stderr line without host paths (the sandbox's own paths stay: they say nothing about the host).</summary>
    private string? Scrub(string? line, IEnumerable<string?> hostPaths)
    {
        if (line is null)
        {
            return null;
        }
        var known = hostPaths.Append(_sandbox.RuntimeDirectory).Append(_sandbox.WorkspaceRoot).Append(AppContext.BaseDirectory).OfType<string>()
            .SelectMany(p => new[] { p, Path.GetDirectoryName(Path.GetFullPath(p).TrimEnd('/')) })
            .OfType<string>()
            // not a top-level folder such as /tmp itself, which the sandbox has too
            .Where(p => p.Count(c => c == '/') >= 2)
            // the longest first: a folder's name must not cut a longer path of it in two
            .OrderByDescending(p => p.Length);
        foreach (var path in known)
        {
            line = line.Replace(path, "…", StringComparison.Ordinal);
        }
        line = HostPath().Replace(line, "…");
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    /// <summary>An absolute path that is none of the sandbox's own (/input, /tmp, /usr, /opt/profiler, /proc, /dev).</summary>
    [GeneratedRegex(@"(?<![\w.…])/(?!input/|tmp/|usr/|opt/profiler/|proc/|dev/)[^\s:'""]+")]
    private static partial Regex HostPath();

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes} bytes";

    public async ValueTask DisposeAsync()
    {
        if (_cgroups is not null)
        {
            await _cgroups.DisposeAsync().ConfigureAwait(false);
        }
        _slots.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox:AllowUnconfined is set and bubblewrap is missing: uploaded files are parsed by an UNCONFINED profiler process, with the app's privileges. Never use this outside development.")]
    private static partial void LogUnconfined(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "bubblewrap was not found at {Path}: files cannot be profiled (the Docker provider does not confine the profiler otherwise); every profile fails saying so.")]
    private static partial void LogUnavailable(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiled {FileName}: {Status} {Error}")]
    private static partial void LogProfiled(ILogger logger, string fileName, string status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profiling {FileName} took longer than {Seconds} s; the profiler was killed")]
    private static partial void LogTimedOut(ILogger logger, string fileName, int seconds);
}
