using System.Diagnostics;
using System.Globalization;

namespace CodingAgent.Sandbox;

/// <summary>
/// What the host does around one execution, from outside the sandbox. Before it: no file may grow beyond what the
/// workspace quota has left plus a tenth of the quota (RLIMIT_FSIZE: hard and soft, set by the host where it holds
/// CAP_SYS_RESOURCE; otherwise the kernel lowers its own soft limit before the code runs). While it runs: the workspace
/// is measured on every change inotify reports and on a timer, and the moment it passes the quota the kernel's
/// processes are frozen, so that no new write starts while the host stops the code (a write() already under way
/// completes: freezing cannot interrupt it). After it: processes the code left running are stopped, an out-of-memory
/// kill is reported, and the quota is checked once more.
/// </summary>
internal sealed class ExecutionGuard : IDisposable
{
    private const long Mb = 1024 * 1024;
    private static readonly TimeSpan _minInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan _maxInterval = TimeSpan.FromMilliseconds(250);
    private readonly IKernelProcesses? _processes;
    private readonly Func<long> _workspaceSize;
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly long _quota;
    private readonly FileSystemWatcher? _watcher;
    private long _threshold;
    private long _oomKillsBefore;
    private volatile bool _frozen;
    private volatile Watch? _watch;
    private int _checking;
    private long _lastSize;
    private long _lastCheck;
    private TimeSpan _lastWalk;

    public ExecutionGuard(IKernelProcesses? processes, string workspace, Func<long> workspaceSize, SandboxOptions options, TimeProvider time)
    {
        _processes = processes;
        _workspaceSize = workspaceSize;
        _options = options;
        _time = time;
        _quota = (long)options.WorkspaceQuotaMb * Mb;
        try
        {
            _watcher = new FileSystemWatcher(workspace)
            {
                // the top folder only, watched through its descriptor: a recursive watch would add watches on the
                // names of sub-folders, which code can swap for links to anywhere on the host
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.Size | NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.DirectoryName,
                InternalBufferSize = 64 * 1024,
            };
            _watcher.Changed += (_, _) => Check(fromWatcher: true);
            _watcher.Created += (_, _) => Check(fromWatcher: true);
            _watcher.Error += (_, _) => Check(fromWatcher: false);
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // no inotify (limit of watches reached): the timer alone measures
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>How large a file may grow during this execution.</summary>
    public long FileSizeLimitBytes { get; private set; }

    /// <summary>The workspace's size when the execution began.</summary>
    public long StartBytes { get; private set; }

    /// <summary>
    /// Limits file growth for this execution; returns a line for the cell's stderr when the workspace is over its quota
    /// already (an upload, say): the code may then delete files, but the workspace may not grow beyond where it is.
    /// </summary>
    public string? Begin()
    {
        _oomKillsBefore = _processes?.OomKills() ?? 0;
        StartBytes = _lastSize = _workspaceSize();
        _threshold = Math.Max(_quota, StartBytes);
        FileSizeLimitBytes = Math.Min((long)_options.MaxFileSizeMb * Mb, Math.Max(0, _quota - StartBytes) + _quota / 10);
        _processes?.LimitFileSize(FileSizeLimitBytes);
        return StartBytes > _quota
            ? $"[sandbox] the workspace holds {Megabytes(StartBytes)} MB, more than its quota of {_options.WorkspaceQuotaMb} MB: delete files (os.remove) before writing more.\n"
            : null;
    }

    /// <summary>Completes (with the kernel's processes frozen, where they can be) once the workspace passes its quota; never otherwise.</summary>
    public Task WatchAsync(CancellationToken cancellationToken) => WatchAsync(_threshold, cancellationToken);

    /// <summary>Once the quota was passed and the kernel was told to stop: completes (frozen) if the workspace grows any further.</summary>
    public Task WatchGrowthAsync(CancellationToken cancellationToken) => WatchAsync(Math.Max(_threshold, _workspaceSize()), cancellationToken);

    /// <summary>
    /// Measures on every change the watcher reports, on the watcher's own thread (no hop to the thread pool between a
    /// write and the freeze), and on a timer: every 250 ms × the share of the quota still free, at least every 5 ms.
    /// A measurement never takes more than a fifth of the time, so a workspace of many files is measured less often.
    /// </summary>
    private async Task WatchAsync(long threshold, CancellationToken cancellationToken)
    {
        var passed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _watch = new Watch(threshold, passed);
        try
        {
            while (!passed.Task.IsCompleted)
            {
                var room = Math.Clamp((double)(threshold - _lastSize) / _quota, 0.02, 1.0);
                var interval = TimeSpan.FromTicks(Math.Max((long)(_maxInterval.Ticks * room), Math.Max(_minInterval.Ticks, _lastWalk.Ticks * 5)));
                var delay = Task.Delay(interval, _time, cancellationToken);
                if (await Task.WhenAny(passed.Task, delay).ConfigureAwait(false) == delay)
                {
                    await delay.ConfigureAwait(false);
                    Check(fromWatcher: false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the execution ended first
        }
        finally
        {
            _watch = null;
        }
    }

    private void Check(bool fromWatcher)
    {
        if (_watch is not { } watch || watch.Passed.Task.IsCompleted || Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }
        try
        {
            if (fromWatcher && Stopwatch.GetElapsedTime(_lastCheck) < _lastWalk * 5)
            {
                return;
            }
            var walk = Stopwatch.StartNew();
            _lastSize = _workspaceSize();
            _lastWalk = walk.Elapsed;
            _lastCheck = Stopwatch.GetTimestamp();
            if (_lastSize > watch.Threshold)
            {
                _frozen = _processes?.Freeze() ?? false;
                watch.Passed.TrySetResult();
            }
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    /// <summary>
    /// Once the quota is passed: no file of the kernel may grow any more (where the host may set the kernel's limits;
    /// the kernel is also told to lower its own), the processes the code started are stopped, and the kernel is thawed
    /// so that it can take the interrupt (deleting files still works).
    /// </summary>
    public async Task StopWritingAsync(CancellationToken cancellationToken)
    {
        FileSizeLimitBytes = 0;
        _processes?.StopFileGrowth();
        if (_processes is not null)
        {
            await _processes.StopLeftoversAsync(cancellationToken).ConfigureAwait(false);
        }
        Thaw();
    }

    /// <summary>After the execution: stops what the code left running, reports an out-of-memory kill, checks the quota again.</summary>
    public async Task<ExecutionAftermath> EndAsync(CancellationToken cancellationToken)
    {
        Thaw();
        var notices = new List<string>();
        var stopped = _processes is null ? 0 : await _processes.StopLeftoversAsync(cancellationToken).ConfigureAwait(false);
        if (stopped > 0)
        {
            notices.Add($"[sandbox] stopped {stopped} {(stopped == 1 ? "process" : "processes")} that the code left running\n");
        }
        if (OutOfMemory)
        {
            notices.Add($"[sandbox] the session reached its memory limit of {_options.MemoryLimitMb} MB, so the system stopped the process that used the most memory. " +
                "Use less memory at once (usecols=, nrows=, chunksize=, fewer processes) or delete large variables.\n");
        }
        return new ExecutionAftermath(notices, _workspaceSize() > _threshold);
    }

    /// <summary>True when the out-of-memory killer struck the kernel's cgroup during this execution.</summary>
    public bool OutOfMemory => _processes is not null && _processes.OomKills() > _oomKillsBefore;

    /// <summary>How the file size limit reads in an error about it.</summary>
    public string DescribeFileSizeLimit() =>
        FileSizeLimitBytes < (long)_options.MaxFileSizeMb * Mb
            ? $"files may grow to {Megabytes(FileSizeLimitBytes)} MB in this execution: what the workspace quota of {_options.WorkspaceQuotaMb} MB has left, plus a tenth (delete files you do not need)"
            : $"files are limited to {_options.MaxFileSizeMb} MB each in the sandbox";

    public void Dispose()
    {
        Thaw();
        _watcher?.Dispose();
    }

    private void Thaw()
    {
        if (_frozen)
        {
            _frozen = false;
            _processes?.Thaw();
        }
    }

    /// <summary>The size the workspace must not pass, and what completes when it does.</summary>
    private sealed record Watch(long Threshold, TaskCompletionSource Passed);

    private static string Megabytes(long bytes) => (bytes / (double)Mb).ToString("0.#", CultureInfo.InvariantCulture);
}
