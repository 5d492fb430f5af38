using System.Collections.Concurrent;
using System.Reflection;
using CodingAgent.Core.Ports;
using CodingAgent.Sandbox.Workspace;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Sandbox;

/// <summary>
/// One stateful kernel per session on top of a launcher (bubblewrap or Docker): a warm pool of pre-started kernels
/// (pandas already imported) for new sessions, eviction of idle kernels, and a cap on the number of kernels derived
/// from the memory each may claim. It is also the port to the sessions' workspaces (<see cref="IWorkspaceFiles"/>):
/// it knows which workspace a session has and which uid its live kernel runs as.
/// </summary>
internal sealed partial class SandboxPool : ISandboxPool, ISandboxHealth, IWorkspaceFiles, IHostedService, IAsyncDisposable
{
    private readonly IKernelLauncher _launcher;
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SandboxPool> _logger;
    private readonly Workspaces _workspaces;
    private readonly UidAllocator _uids;
    private readonly string _kernelDirectory;
    private readonly ConcurrentDictionary<Guid, Kernel> _kernels = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _sessionGates = new();
    private readonly ConcurrentQueue<(Kernel Kernel, string PoolId)> _warm = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _refillGate = new(1, 1);
    private Task _evictionLoop = Task.CompletedTask;
    private int _starting;
    private volatile SandboxHealth? _health;
    private Task? _probe;
    private int _disposed;

    public SandboxPool(IKernelLauncher launcher, IOptions<SandboxOptions> options, TimeProvider time, ILogger<SandboxPool> logger)
    {
        _launcher = launcher;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _workspaces = new Workspaces(_options.WorkspaceRoot, ChooseFilesystems(_options, logger), _options.WorkspaceQuotaMb * 1024L * 1024);
        _uids = new UidAllocator(_options.UidRangeStart, _options.UidRangeSize, _options.UidLockDirectory);
        _kernelDirectory = ExtractKernel(PrivateDirectory.Ensure(_options.RuntimeDirectory));
    }

    public string LauncherName => _launcher.Name;

    /// <summary>How kernels are bounded: a cgroup per kernel, or rlimits only (and why).</summary>
    public string ResourceControl => _launcher.ResourceControl;

    public int WarmCount => _warm.Count;

    /// <summary>True when each workspace is a filesystem of the quota's size; false when it is a plain folder.</summary>
    internal bool WorkspacesAreFilesystems => _workspaces.UsesFilesystems;

    /// <summary>The image file of a session's workspace (for tests to check it is gone with the session).</summary>
    internal string WorkspaceImagePath(Guid sessionId) => _workspaces.ImagePathFor(sessionId);

    public int LiveCount => _kernels.Count;

    public async Task<IKernel> GetKernelAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (_kernels.TryGetValue(sessionId, out var running) && running.IsAlive)
        {
            return running;
        }
        var gate = _sessionGates.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_kernels.TryGetValue(sessionId, out running))
            {
                if (running.IsAlive)
                {
                    return running;
                }
                _kernels.TryRemove(sessionId, out _);
                await running.DisposeAsync().ConfigureAwait(false);
            }
            await MakeRoomAsync().ConfigureAwait(false);
            Kernel kernel;
            if (TakeWarm() is { } warm)
            {
                kernel = warm.Kernel;
                try
                {
                    _workspaces.Claim(warm.PoolId, kernel.Workspace, sessionId, kernel.HostUid);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // until the warm filesystem is moved into place the session's own image is kept: start on it instead
                    LogClaimFailed(_logger, sessionId, ex);
                    await kernel.DisposeAsync().ConfigureAwait(false);
                    _workspaces.DeletePool(warm.PoolId);
                    kernel = await StartKernelAsync(sessionId, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                kernel = await StartKernelAsync(sessionId, cancellationToken).ConfigureAwait(false);
            }
            _kernels[sessionId] = kernel;
            _ = RefillAsync();
            return kernel;
        }
        finally
        {
            gate.Release();
        }
    }

    public IKernel? FindKernel(Guid sessionId) =>
        _kernels.TryGetValue(sessionId, out var kernel) && kernel.IsAlive ? kernel : null;

    public async Task RemoveSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var gate = _sessionGates.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_kernels.TryRemove(sessionId, out var kernel))
            {
                await kernel.DisposeAsync().ConfigureAwait(false);
            }
            _workspaces.Delete(sessionId);
        }
        finally
        {
            gate.Release();
        }
        _sessionGates.TryRemove(sessionId, out _);
    }

    public async Task PutFileAsync(Guid sessionId, string name, Stream content, CancellationToken cancellationToken)
    {
        // under the session's gate: a kernel starting meanwhile could miss the file when its workspace is handed to its uid
        var gate = _sessionGates.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var workspace = _workspaces.Open(sessionId);
            var owner = _kernels.TryGetValue(sessionId, out var kernel) ? kernel.HostUid : null;
            await workspace.WriteFileAsync(name, content, owner, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task DeleteFileAsync(Guid sessionId, string name, CancellationToken cancellationToken)
    {
        // under the session's gate, as PutFileAsync: never beside a kernel start handing the workspace to its uid
        var gate = _sessionGates.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var workspace = _workspaces.OpenExisting(sessionId);
            workspace?.Delete(name);
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<Stream?> OpenFileAsync(Guid sessionId, string name, long maxBytes, CancellationToken cancellationToken)
    {
        using var workspace = _workspaces.OpenExisting(sessionId);
        if (workspace?.Stat(name) is null)
        {
            return Task.FromResult<Stream?>(null);
        }
        return Task.FromResult<Stream?>(new FileStream(workspace.OpenRegularFile(name, maxBytes), FileAccess.Read, 1 << 16));
    }

    public Task<WorkspaceFileInfo?> GetFileAsync(Guid sessionId, string name, CancellationToken cancellationToken)
    {
        using var workspace = _workspaces.OpenExisting(sessionId);
        return Task.FromResult(workspace?.Stat(name));
    }

    /// <summary>Starts a kernel on the session's workspace (a cold start, without the warm pool) and waits until it is ready.</summary>
    internal Task<Kernel> StartKernelAsync(Guid sessionId, CancellationToken cancellationToken) =>
        StartKernelAsync(_workspaces.PathFor(sessionId), () => _workspaces.Open(sessionId), cancellationToken);

    /// <summary>
    /// Starts a kernel on a workspace (<paramref name="path"/> for the launcher to bind, <paramref name="open"/> for the
    /// kernel's own descriptor of it) and waits until it is ready.
    /// </summary>
    private async Task<Kernel> StartKernelAsync(string path, Func<WorkspaceDirectory> open, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _starting);
        try
        {
            var workspace = open();
            int? uid = null;
            IKernelTransport transport;
            try
            {
                if (_launcher.AssignsUids)
                {
                    uid = _uids.Allocate();
                    workspace.GiveTo(uid.Value);
                }
                transport = await _launcher.LaunchAsync(path, _kernelDirectory, uid, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _uids.Release(uid);
                workspace.Dispose();
                throw;
            }
            var kernel = new Kernel(transport, workspace, uid, _options, _time, _logger, onDisposed: () => _uids.Release(uid));
            try
            {
                await kernel.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
                _health = SandboxHealth.Ready;
                return kernel;
            }
            catch
            {
                await kernel.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _health = KernelStartFailure.Describe(_options, _launcher.Name, ex);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _starting);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = RefillAsync();
        _evictionLoop = Task.Run(EvictIdleLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // a test host may stop the app a second time, after its container disposed the pool
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _evictionLoop.ConfigureAwait(false);
    }

    /// <summary>Tops the warm pool up to <see cref="SandboxOptions.WarmKernels"/>, within the kernel cap.</summary>
    internal async Task RefillAsync()
    {
        if (!await _refillGate.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }
        try
        {
            while (!_stopping.IsCancellationRequested && _warm.Count < _options.WarmKernels && _kernels.Count + _warm.Count < _options.MaxKernels)
            {
                var poolId = Guid.NewGuid().ToString("N");
                try
                {
                    var kernel = await StartKernelAsync(_workspaces.PoolPathFor(poolId), () => _workspaces.OpenPool(poolId), _stopping.Token).ConfigureAwait(false);
                    _warm.Enqueue((kernel, poolId));
                }
                catch (Exception ex)
                {
                    _workspaces.DeletePool(poolId);
                    if (ex is OperationCanceledException)
                    {
                        throw;
                    }
                    LogWarmFailed(_logger, _launcher.Name, ex);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        finally
        {
            _refillGate.Release();
        }
    }

    private (Kernel Kernel, string PoolId)? TakeWarm()
    {
        while (_warm.TryDequeue(out var warm))
        {
            if (warm.Kernel.IsAlive)
            {
                return warm;
            }
            _ = warm.Kernel.DisposeAsync().AsTask();
            _workspaces.DeletePool(warm.PoolId);
        }
        return null;
    }

    /// <summary>Keeps the number of kernels under the cap by stopping the least recently used idle one.</summary>
    private async Task MakeRoomAsync()
    {
        if (!_warm.IsEmpty || _kernels.Count < _options.MaxKernels)
        {
            return;
        }
        var idle = _kernels.Where(k => !k.Value.IsBusy).OrderBy(k => k.Value.LastUsed).FirstOrDefault();
        if (idle.Value is null)
        {
            throw new SandboxCapacityException(_options.MaxKernels);
        }
        if (_kernels.TryRemove(idle.Key, out var evicted))
        {
            LogEvicted(_logger, idle.Key, "the kernel cap was reached");
            await evicted.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task EvictIdleLoopAsync()
    {
        var idleLimit = TimeSpan.FromMinutes(_options.IdleMinutes);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Min(30, idleLimit.TotalSeconds / 2)), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                await EvictIdleAsync(idleLimit).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    internal async Task EvictIdleAsync(TimeSpan idleLimit)
    {
        var now = _time.GetUtcNow();
        foreach (var (sessionId, kernel) in _kernels)
        {
            if ((!kernel.IsBusy && now - kernel.LastUsed > idleLimit) || !kernel.IsAlive)
            {
                if (_kernels.TryRemove(new KeyValuePair<Guid, Kernel>(sessionId, kernel)))
                {
                    LogEvicted(_logger, sessionId, kernel.IsAlive ? "it was idle" : "it had stopped");
                    await kernel.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    public async Task<SandboxHealth> CheckAsync(CancellationToken cancellationToken)
    {
        if (_health is null)
        {
            var probe = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Interlocked.CompareExchange(ref _probe, probe.Task, null) is null)
            {
                _ = ProbeAsync(probe);
            }
            await _probe.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        return _health ?? SandboxHealth.NotReady("The app is stopping.");
    }

    /// <summary>Starts and stops one kernel, so that the readiness check knows before any session needed one.</summary>
    private async Task ProbeAsync(TaskCompletionSource done)
    {
        try
        {
            var poolId = Guid.NewGuid().ToString("N");
            try
            {
                await using var kernel = await StartKernelAsync(_workspaces.PoolPathFor(poolId), () => _workspaces.OpenPool(poolId), _stopping.Token).ConfigureAwait(false);
            }
            finally
            {
                _workspaces.DeletePool(poolId);
            }
        }
        catch (Exception ex)
        {
            // a failed start was recorded where it failed; this also records a workspace that could not be made
            if (ex is not OperationCanceledException)
            {
                _health ??= KernelStartFailure.Describe(_options, _launcher.Name, ex);
            }
        }
        finally
        {
            done.SetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // the container may hand the same pool out under several service types and dispose it once for each
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        // first, before anything is awaited: the filesystems are detached lazily (kernels still stopping keep their
        // own binds until their processes are gone), so nothing is left mounted if the host does not wait for the rest
        try
        {
            _workspaces.UnmountAll();
        }
        catch (IOException ex)
        {
            LogUnmountFailed(_logger, ex);
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _refillGate.WaitAsync().ConfigureAwait(false);
        var all = _kernels.Values.Concat(_warm.Select(w => w.Kernel)).ToList();
        _kernels.Clear();
        try
        {
            await Task.WhenAll(all.Select(k => k.DisposeAsync().AsTask())).ConfigureAwait(false);
            while (_warm.TryDequeue(out var warm))
            {
                _workspaces.DeletePool(warm.PoolId);
            }
        }
        finally
        {
            // also what was mounted while stopping (a warm kernel that was starting)
            _workspaces.Dispose();
        }
        await _launcher.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>
    /// Writes the embedded kernel.py into the app's private runtime directory (never a shared /tmp, where a local user
    /// could create the folder first and replace the code every kernel runs). The kernel's own folder is readable by
    /// the sandbox users, which see only it, bound read-only.
    /// </summary>
    private static string ExtractKernel(string runtimeDirectory)
    {
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("CodingAgent.Sandbox.kernel.py")
            ?? throw new InvalidOperationException("kernel.py is not embedded in CodingAgent.Sandbox");
        using var reader = new StreamReader(resource);
        var source = reader.ReadToEnd();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)))[..16];
        var directory = Path.Combine(runtimeDirectory, "kernel-" + hash);
        var path = Path.Combine(directory, "kernel.py");
        const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode enterable = readable | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (!File.Exists(path) || File.ReadAllText(path) != source)
        {
            Directory.CreateDirectory(directory, enterable);
            PrivateDirectory.WriteFile(directory, "kernel.py", System.Text.Encoding.UTF8.GetBytes(source), readable | UnixFileMode.UserWrite);
        }
        File.SetUnixFileMode(directory, enterable);
        return directory;
    }

    private static IWorkspaceFilesystems? ChooseFilesystems(SandboxOptions options, ILogger logger)
    {
        if (options.WorkspaceFilesystem == SandboxOptions.DirectoryWorkspaceFilesystem)
        {
            return null;
        }
        var filesystems = LoopWorkspaceFilesystems.TryCreate(out var unavailable);
        if (filesystems is null)
        {
            LogNoWorkspaceFilesystems(logger, unavailable);
        }
        return filesystems;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspaces are plain folders because {Reason}: the workspace quota is enforced by measuring them, and parallel writers can overshoot it (docs/security.md, Disk quota)")]
    private static partial void LogNoWorkspaceFilesystems(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unmount every workspace filesystem while stopping; trying again once the kernels are stopped")]
    private static partial void LogUnmountFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} could not take over a warm kernel's workspace; starting a kernel on its own")]
    private static partial void LogClaimFailed(ILogger logger, Guid sessionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not pre-start a warm kernel with {Launcher}")]
    private static partial void LogWarmFailed(ILogger logger, string launcher, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped the kernel of session {SessionId} because {Reason}")]
    private static partial void LogEvicted(ILogger logger, Guid sessionId, string reason);
}
