using System.Text.Json;
using System.Text.RegularExpressions;
using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox.Cgroups;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// Profiles a file in the CodingAgent.Profiler process, confined like a kernel: no network, nothing of the host but
/// what the worker needs and the one input, read-only, a size-limited /tmp, the seccomp filter, a clean environment, an
/// unprivileged uid, memory, tasks and CPU limits, and a wall-clock timeout after which everything it started is
/// killed. A parser crash, a hang, a flood of output or an exploit fails that one profile with a message for people,
/// nothing else. How the worker is confined is a launcher's (<see cref="IProfilerLauncher"/>): bubblewrap
/// (<see cref="BubblewrapProfilerLauncher"/>), or with <c>Sandbox:Provider=Docker</c> and
/// <see cref="ProfilingOptions.DockerImage"/> a container of its own (<see cref="DockerProfilerLauncher"/>); what its
/// output and its end mean is decided here, the same for both. At most <see cref="ProfilingOptions.MaxConcurrent"/> run
/// at once. Without bubblewrap and without the Docker path it refuses to exist unless <c>Sandbox:AllowUnconfined</c> is
/// set (development only, warned about), or with <c>Sandbox:Provider=Docker</c>, where every profile then fails saying why.
/// With <see cref="ProfilingOptions.WarmWorker"/> (bubblewrap), one worker is kept started ahead of the next file, warm
/// and waiting with an empty input folder of its own: a profile takes it, and the next spare starts once that profile
/// has ended (the first at the app's start, <see cref="ProfilingOptions.WarmWorkerAtStart"/>, else after the first profile),
/// a spare that died while waiting is replaced, and disposing the profiler kills it. A worker profiles one
/// file only, whichever way it started.
/// </summary>
internal sealed partial class ConfinedFileProfiler : IFileProfiler, IAsyncDisposable
{
    /// <summary>How long a worker may take to exit once its output has ended or its profile has been read.</summary>
    private static readonly TimeSpan _exitGrace = TimeSpan.FromSeconds(30);

    private readonly ProfilingOptions _options;
    private readonly SandboxOptions _sandbox;
    private readonly TimeProvider _time;
    private readonly ILogger<ConfinedFileProfiler> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly IProfilerLauncher? _launcher;
    private readonly bool _warm;
    private readonly Lock _spareGate = new();
    private Task<ISpareProfilerRun?>? _spare;
    private readonly HashSet<Task> _endings = [];
    private int _spareDeaths;
    private bool _disposed;
    private int _waiting;

    public ConfinedFileProfiler(IOptions<ProfilingOptions> options, IOptions<SandboxOptions> sandbox, TimeProvider time, ILogger<ConfinedFileProfiler> logger)
    {
        _options = options.Value;
        _sandbox = sandbox.Value;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.MaxConcurrent, _options.MaxConcurrent);
        var folder = new ProfilerPrivateFolder(_sandbox);
        var docker = _sandbox.Provider == SandboxOptions.DockerProvider;
        if (docker && !string.IsNullOrWhiteSpace(_options.DockerImage))
        {
            _launcher = new DockerProfilerLauncher(_options, _sandbox, folder, logger);
        }
        else if (File.Exists(_sandbox.BubblewrapPath))
        {
            _launcher = new BubblewrapProfilerLauncher(_options, _sandbox, folder, confined: true, logger);
        }
        else if (_sandbox.AllowUnconfined)
        {
            LogUnconfined(logger);
            _launcher = new BubblewrapProfilerLauncher(_options, _sandbox, folder, confined: false, logger);
        }
        else if (docker)
        {
            LogUnavailable(logger, _sandbox.BubblewrapPath);
        }
        else
        {
            throw new InvalidOperationException(
                $"bubblewrap was not found at {_sandbox.BubblewrapPath}, and CodingAgent will not parse uploaded files unconfined. " +
                "Install it (apt-get install bubblewrap) or, for development only, set Sandbox:AllowUnconfined=true.");
        }
        // the first spare starts at the app's start (StartWarmWorker) or after the first profile
        _warm = _launcher is BubblewrapProfilerLauncher && (_options.WarmWorker ?? string.IsNullOrEmpty(_options.WorkerPath));
    }

    /// <summary>Whether profilers get a cgroup of their own here (memory, tasks and CPU limits), and if not why (bubblewrap only).</summary>
    internal CgroupSupport? ResourceControl => (_launcher as BubblewrapProfilerLauncher)?.ResourceControl;

    /// <summary>Whether each profile runs in a container of its own.</summary>
    internal bool UsesContainers => _launcher is DockerProfilerLauncher;

    /// <summary>
    /// The worker started ahead of the next file, once the workers of earlier profiles have ended (each starts the next
    /// spare) and it has started (null: none, or it could not start).
    /// </summary>
    internal async Task<ISpareProfilerRun?> SpareAsync()
    {
        await Task.WhenAll(Endings()).ConfigureAwait(false);
        Task<ISpareProfilerRun?>? spare;
        lock (_spareGate)
        {
            spare = _spare;
        }
        return spare is null ? null : await spare.ConfigureAwait(false);
    }

    /// <summary>Completes once the worker of every profile returned so far has ended and what it used is gone (its uid, folders, copies).</summary>
    internal Task EndedAsync() => Task.WhenAll(Endings());

    private Task[] Endings()
    {
        lock (_spareGate)
        {
            return [.. _endings];
        }
    }

    /// <summary>Starts the spare worker ahead of the first file, when spares are on (<see cref="ProfilerWarmStart"/>).</summary>
    internal void StartWarmWorker() => Replenish();

    /// <summary>Profiles waiting for one of the <see cref="ProfilingOptions.MaxConcurrent"/> slots.</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Whether each profile runs as an unprivileged uid of its own (the app is root) under bubblewrap.</summary>
    internal bool AssignsUids => (_launcher as BubblewrapProfilerLauncher)?.AssignsUids ?? false;

    public async Task<FileProfile> ProfileAsync(string path, string fileName, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (_launcher is null)
        {
            return FileProfile.Failed("Profiling is unavailable: the app cannot confine the file parser here (bubblewrap is missing and Profiling:DockerImage is not set). See README, \"Profiling with the Docker provider\".");
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
        var slotHeld = true;
        try
        {
            if (!File.Exists(path))
            {
                // the caller's storage lost the content: not a property of the file, and not the sandbox's to report
                throw new FileNotFoundException("The file to profile is not in the host's storage.", path);
            }
            var name = ProfilerFileName.Sanitize(fileName);
            var run = await TakeSpareAsync(path, name, cancellationToken).ConfigureAwait(false)
                ?? await _launcher.StartAsync(path, name, cancellationToken).ConfigureAwait(false);
            // from here the run's end releases the slot and starts the next spare, whether the profile came or not
            slotHeld = false;
            var ending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var end = EndAsync(run, ending.Task);
            Track(end);
            (FileProfile Profile, bool Early) watched;
            try
            {
                watched = await WatchAsync(run, name, progress, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ending.TrySetResult();
                await end.ConfigureAwait(false);
                throw;
            }
            ending.TrySetResult();
            if (watched.Early)
            {
                // the worker is done with the cores: the next spare starts warming up while it exits
                Replenish();
            }
            else
            {
                // the worker has exited: its message is returned once everything it used is gone
                await end.ConfigureAwait(false);
            }
            LogProfiled(_logger, name, watched.Profile.Status, watched.Profile.Error);
            return watched.Profile;
        }
        finally
        {
            if (slotHeld)
            {
                _slots.Release();
                Replenish();
            }
        }
    }

    /// <summary>
    /// Once the worker has ended (<paramref name="watched"/> is done and the worker has exited): disposes it (its uid
    /// and folders), frees its slot and starts the next spare. The profile may have gone to the caller before: the
    /// worker's exit (its runtime's and DuckDB's teardown) is nobody's wait, but its slot is held until it is gone.
    /// </summary>
    private async Task EndAsync(IProfilerRun run, Task watched)
    {
        try
        {
            await watched.ConfigureAwait(false);
            // a worker has nothing left to do after its profile line; one that does not end is killed, and disposed
            // whether or not its end was seen (a worker blocked writing output nobody reads: disposing drains it)
            if (!await ExitsWithinAsync(run, _exitGrace).ConfigureAwait(false))
            {
                run.Kill();
                await ExitsWithinAsync(run, _exitGrace).ConfigureAwait(false);
            }
            await run.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
            // the next spare warms up once this worker no longer needs the cores
            Replenish();
        }
    }

    /// <summary>Whether the worker exits within <paramref name="wait"/>.</summary>
    private async Task<bool> ExitsWithinAsync(IProfilerRun run, TimeSpan wait)
    {
        try
        {
            await run.Exited.WaitAsync(wait, _time).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Keeps <paramref name="ending"/> until it completes, for <see cref="DisposeAsync"/> to wait for.</summary>
    private void Track(Task ending)
    {
        lock (_spareGate)
        {
            _endings.Add(ending);
        }
        _ = ending.ContinueWith(
            done =>
            {
                lock (_spareGate)
                {
                    _endings.Remove(done);
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// The spare worker, given this file; null when there is none or it died while waiting (it is disposed, and the
    /// caller starts a worker for the file as without spares).
    /// </summary>
    private async Task<IProfilerRun?> TakeSpareAsync(string path, string fileName, CancellationToken cancellationToken)
    {
        Task<ISpareProfilerRun?>? spare;
        lock (_spareGate)
        {
            spare = _spare;
            _spare = null;
        }
        if (spare is null || await spare.ConfigureAwait(false) is not { } run)
        {
            return null;
        }
        if (run.HasExited)
        {
            LogSpareDied(_logger, run.Exit.ExitCode);
            await run.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        // a spare still warming up is waited for, but not longer than a profile may take
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds), _time);
        using var assign = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await run.AssignAsync(path, fileName, assign.Token).ConfigureAwait(false);
            Interlocked.Exchange(ref _spareDeaths, 0);
            return run;
        }
        catch (Exception e) when ((e is IOException || e is OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            // it died between the check and its name (a broken pipe), or never got ready: this file gets a worker of its own
            await run.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch
        {
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts a spare worker when spares are on, none is there and the profiler is not disposed.</summary>
    private void Replenish()
    {
        if (!_warm || Volatile.Read(ref _spareDeaths) >= MaxSpareDeaths)
        {
            return;
        }
        lock (_spareGate)
        {
            if (_disposed || _spare is not null)
            {
                return;
            }
            // started on the thread pool: its cgroup, folders and process start are not the returning profile's wait
            var spare = Task.Run(StartSpareAsync);
            _spare = spare;
            _ = WatchSpareAsync(spare);
        }
    }

    /// <summary>Spares that die one after the other while waiting (a broken installation) stop being replaced after this many.</summary>
    private const int MaxSpareDeaths = 3;

    private async Task<ISpareProfilerRun?> StartSpareAsync()
    {
        try
        {
            return await _launcher!.StartSpareAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            LogSpareFailed(_logger, e.Message);
            Interlocked.Increment(ref _spareDeaths);
            return null;
        }
    }

    /// <summary>Replaces the spare when it exits while still waiting for a file.</summary>
    private async Task WatchSpareAsync(Task<ISpareProfilerRun?> spare)
    {
        if (await spare.ConfigureAwait(false) is not { } run)
        {
            return;
        }
        await run.Exited.ConfigureAwait(false);
        bool waiting;
        lock (_spareGate)
        {
            waiting = _spare == spare;
            if (waiting)
            {
                _spare = null;
            }
        }
        if (waiting)
        {
            LogSpareDied(_logger, run.Exit.ExitCode);
            Interlocked.Increment(ref _spareDeaths);
            await run.DisposeAsync().ConfigureAwait(false);
            Replenish();
        }
    }

    /// <summary>
    /// Reads the worker's output until its profile line, its exit, the timeout or the output cap, or the caller
    /// cancels; then says what happened. A profile is returned as soon as it is read (the worker's exit is
    /// <see cref="EndAsync"/>'s to wait for); anything else waits for the exit, which explains it.
    /// </summary>
    private async Task<(FileProfile Profile, bool Early)> WatchAsync(IProfilerRun run, string fileName, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds), _time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        WorkerOutput output;
        await using (stop.Token.Register(run.Kill).ConfigureAwait(false))
        {
            output = await UntilEndAsync(WorkerOutput.ReadAsync(run.Output, _options.MaxOutputBytes, progress), run, fileName).ConfigureAwait(false);
            if (output.TooLarge)
            {
                run.Kill();
            }
            if (output.Profile is { } early && !cancellationToken.IsCancellationRequested)
            {
                return (early, true);
            }
            await run.Exited.ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var exit = run.Exit;
        var exitCode = exit.ExitCode;
        var lastLine = Scrub(exit.LastLine, run.HostPaths);
        if (output.TooLarge)
        {
            return (FileProfile.Failed($"The profiler wrote more than {Size(_options.MaxOutputBytes)} of output: the profile was too large."), false);
        }
        if (timeout.IsCancellationRequested)
        {
            LogTimedOut(_logger, fileName, _options.TimeoutSeconds);
            return (FileProfile.Failed($"Profiling stopped after {_options.TimeoutSeconds} s: the file took too long to read. Profiling:TimeoutSeconds sets the limit."), false);
        }
        if (exit.OutOfMemory || exitCode == 128 + LibC.SigKill || IsOutOfMemory(lastLine))
        {
            return (FileProfile.Failed($"The profiler ran out of memory (limit {_options.MemoryLimitMb} MB) reading this file. Profiling:MemoryLimitMb sets the limit."), false);
        }
        if (exitCode == 1 && lastLine is not null && lastLine.StartsWith("bwrap: ", StringComparison.Ordinal))
        {
            // the host refuses what the sandbox needs (namespaces in a container with Docker's default seccomp profile)
            return (FileProfile.Failed($"Profiling is unavailable: the file parser's sandbox could not be created ({lastLine}). See README, \"Profiling with the Docker provider\"."), false);
        }
        var state = exitCode is > 128 and < 128 + 65 ? $"signal {exitCode - 128}" : $"exit code {exitCode}";
        return (FileProfile.Failed($"The profiler stopped unexpectedly ({state})" + (lastLine is { Length: > 0 } ? ": " + lastLine : ".")), false);
    }

    /// <summary>
    /// The worker's output once it has ended. Once the worker has exited, what it wrote is in the pipe, and the pipe
    /// ends with the last process holding it, which the run kills (what is left in its cgroup); should something
    /// outside it still hold the pipe (a sandbox broken while it was set up, on a host without cgroups), the output is
    /// waited for only so long, and what was read of it stands.
    /// </summary>
    private async Task<WorkerOutput> UntilEndAsync(Task<WorkerOutput> reading, IProfilerRun run, string fileName)
    {
        if (await Task.WhenAny(reading, run.Exited).ConfigureAwait(false) == reading)
        {
            return await reading.ConfigureAwait(false);
        }
        try
        {
            return await reading.WaitAsync(_exitGrace, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            run.Kill();
            LogOutputHeld(_logger, fileName, (int)_exitGrace.TotalSeconds);
            return new WorkerOutput(null, TooLarge: false);
        }
    }

    /// <summary>.NET's own words when its heap limit is reached and nothing caught it.</summary>
    private static bool IsOutOfMemory(string? line) =>
        line is not null && (line.Contains("OutOfMemoryException", StringComparison.Ordinal) || line.Contains("Out of memory", StringComparison.OrdinalIgnoreCase));

    /// <summary>The worker's stderr line without host paths (the sandbox's own paths stay: they say nothing about the host).</summary>
    private string? Scrub(string? line, IEnumerable<string> hostPaths)
    {
        if (line is null)
        {
            return null;
        }
        var known = hostPaths.Cast<string?>().Append(_sandbox.RuntimeDirectory).Append(_sandbox.WorkspaceRoot).Append(AppContext.BaseDirectory).OfType<string>()
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

    /// <summary>An absolute path that is none of the sandbox's own (/input, /tmp, /usr, /opt/profiler, /proc, /dev; in a container /app is replaced too).</summary>
    [GeneratedRegex(@"(?<![\w.…])/(?!input/|tmp/|usr/|opt/profiler/|proc/|dev/)[^\s:'""]+")]
    private static partial Regex HostPath();

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes} bytes";

    public async ValueTask DisposeAsync()
    {
        Task<ISpareProfilerRun?>? spare;
        lock (_spareGate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            spare = _spare;
            _spare = null;
        }
        if (spare is not null && await spare.ConfigureAwait(false) is { } run)
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
        // workers whose profile was returned end on their own (or are stopped after the grace)
        await Task.WhenAll(Endings()).ConfigureAwait(false);
        if (_launcher is not null)
        {
            await _launcher.DisposeAsync().ConfigureAwait(false);
        }
        _slots.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox:AllowUnconfined is set and bubblewrap is missing: uploaded files are parsed by an UNCONFINED profiler process, with the app's privileges. Never use this outside development.")]
    private static partial void LogUnconfined(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "bubblewrap was not found at {Path} and Profiling:DockerImage is not set: files cannot be profiled; every profile fails saying so. Set Profiling:DockerImage (the app's image) to profile in containers.")]
    private static partial void LogUnavailable(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A profiler worker waiting for its file exited (exit code {ExitCode}); another is started")]
    private static partial void LogSpareDied(ILogger logger, int? exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A profiler worker could not be started ahead of its file: {Reason}")]
    private static partial void LogSpareFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiled {FileName}: {Status} {Error}")]
    private static partial void LogProfiled(ILogger logger, string fileName, string status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The profiler of {FileName} exited, but its output was still held open {Seconds} s later (a process of its sandbox outside its cgroup); it was read no further")]
    private static partial void LogOutputHeld(ILogger logger, string fileName, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profiling {FileName} took longer than {Seconds} s; the profiler was killed")]
    private static partial void LogTimedOut(ILogger logger, string fileName, int seconds);
}
