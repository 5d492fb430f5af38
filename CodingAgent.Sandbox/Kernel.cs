using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Sandbox;

/// <summary>
/// Host side of the kernel protocol (line-delimited JSON, see Kernel/kernel.py): one execution at a time,
/// output streamed as it arrives, timeouts and cancellation turned into an interrupt and, if the code does
/// not stop within the grace period, a kill. Everything the kernel says is untrusted and validated here.
/// </summary>
internal sealed partial class Kernel : IKernel, IAsyncDisposable
{
    private const int MaxArtifactsPerExecution = 100;
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);
    private readonly IKernelTransport _transport;
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _executionGate = new(1, 1);
    private readonly TaskCompletionSource<JsonObject> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter _input;
    private readonly Task _readLoop;
    private Execution? _current;
    private bool _killed;
    private int _disposed;

    private readonly Action? _onDisposed;

    public Kernel(IKernelTransport transport, string workspace, SandboxOptions options, TimeProvider time, ILogger logger, Action? onDisposed = null)
    {
        _onDisposed = onDisposed;
        _transport = transport;
        WorkspaceDirectory = Path.GetFullPath(workspace);
        _options = options;
        _time = time;
        LastUsed = time.GetUtcNow();
        _logger = logger;
        _input = new StreamWriter(transport.Input, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public bool IsAlive => !_killed && !_transport.Exited.IsCompleted && !_readLoop.IsCompleted;

    public DateTimeOffset LastUsed { get; private set; }

    /// <summary>The kernel's processes as the host controls them (its cgroup), or null where the host cannot reach them.</summary>
    internal IKernelProcesses? Processes => _transport.Processes;

    /// <summary>True while an execution runs.</summary>
    public bool IsBusy => _current is not null;

    /// <summary>The host directory the kernel sees as /workspace (changes when a warm kernel is claimed).</summary>
    public string WorkspaceDirectory { get; set; }

    public async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.StartTimeoutSeconds));
        var finished = await Task.WhenAny(_ready.Task, _readLoop, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        if (finished == _ready.Task)
        {
            // no model-written code has run yet: every process of the kernel now is the sandbox's own
            _transport.Processes?.RecordSandboxProcesses();
            return;
        }
        Kill();
        cancellationToken.ThrowIfCancellationRequested();
        await Task.WhenAny(_transport.Exited, Task.Delay(1000, CancellationToken.None)).ConfigureAwait(false);
        throw new InvalidOperationException(finished == _readLoop
            ? "The Python kernel failed to start: " + _transport.DescribeExit()
            : $"The Python kernel did not start within {_options.StartTimeoutSeconds} s.");
    }

    public async Task<ExecutionResult> ExecuteAsync(string code, Action<OutputChunk>? onOutput, CancellationToken cancellationToken)
    {
        await _executionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsAlive)
            {
                return Failed("KernelDied", "The Python kernel is not running: " + _transport.DescribeExit(), restarted: true, TimeSpan.Zero);
            }
            LastUsed = _time.GetUtcNow();
            var execution = new Execution(Guid.NewGuid().ToString("N"), onOutput, _options.OutputCapBytes);
            _current = execution;
            using var guard = new ExecutionGuard(_transport.Processes, WorkspaceDirectory, WorkspaceSize, _options, _time);
            if (guard.Begin() is { } overQuota)
            {
                execution.AddOutput("stderr", overQuota);
            }
            var stopwatch = Stopwatch.StartNew();
            await SendAsync(new JsonObject
            {
                ["type"] = "execute",
                ["id"] = execution.Id,
                ["code"] = code,
                ["outputCap"] = _options.OutputCapBytes,
                ["fileSizeLimit"] = guard.FileSizeLimitBytes,
            }).ConfigureAwait(false);

            var timeout = TimeSpan.FromSeconds(_options.ExecutionTimeoutSeconds);
            using var quotaStop = new CancellationTokenSource();
            var quota = guard.WatchAsync(quotaStop.Token);
            var finished = await Task.WhenAny(execution.Result.Task, _readLoop, Task.Delay(timeout, cancellationToken), quota).ConfigureAwait(false);
            await quotaStop.CancelAsync().ConfigureAwait(false);
            await quota.ConfigureAwait(false);
            if (finished == execution.Result.Task)
            {
                return await FinishAsync(execution, guard, stopwatch.Elapsed, null).ConfigureAwait(false);
            }
            if (finished == _readLoop)
            {
                await Task.WhenAny(_transport.Exited, Task.Delay(2000, CancellationToken.None)).ConfigureAwait(false);
                var died = Failed("KernelDied", guard.OutOfMemory
                        ? $"The session exceeded its memory limit of {_options.MemoryLimitMb} MB, so its Python kernel was stopped; its variables are lost. Use less memory at once: load fewer columns or rows (usecols=, nrows=, chunksize=) or delete large variables."
                        : "The Python kernel stopped unexpectedly (" + _transport.DescribeExit() + "). This usually means it ran out of memory or crashed; its variables are lost.",
                    restarted: true, stopwatch.Elapsed);
                return died with { Stdout = execution.Stdout.ToString(), Stderr = execution.Stderr.ToString() };
            }

            // timed out, cancelled or over the disk quota: interrupt, then kill if it does not stop
            var reason = finished == quota ? QuotaExceeded()
                : cancellationToken.IsCancellationRequested
                    ? new ExecutionError("KeyboardInterrupt", "Execution cancelled by the user.", "")
                    : new ExecutionError("TimeoutError", $"Execution exceeded the time limit of {_options.ExecutionTimeoutSeconds} s and was stopped.", "");
            using var growthStop = new CancellationTokenSource();
            var growth = Task.Delay(Timeout.Infinite, growthStop.Token);
            if (finished == quota)
            {
                // frozen: nothing more lands until the kernel may only shrink files, and then it must not grow the workspace at all
                await guard.StopWritingAsync(CancellationToken.None).ConfigureAwait(false);
                await TrySendAsync(new JsonObject { ["type"] = "limit", ["fileSizeLimit"] = 0 }).ConfigureAwait(false);
                growth = guard.WatchGrowthAsync(growthStop.Token);
            }
            await TrySendAsync(new JsonObject { ["type"] = "interrupt" }).ConfigureAwait(false);
            var grace = TimeSpan.FromSeconds(_options.InterruptGraceSeconds);
            var stopped = await Task.WhenAny(execution.Result.Task, Task.Delay(grace, CancellationToken.None), growth).ConfigureAwait(false);
            await growthStop.CancelAsync().ConfigureAwait(false);
            await growth.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            if (stopped == execution.Result.Task)
            {
                return await FinishAsync(execution, guard, stopwatch.Elapsed, reason).ConfigureAwait(false);
            }
            LogKilled(_logger, grace.TotalSeconds);
            Kill();
            return Failed(reason.Type, reason.Message + $" The code did not stop within {_options.InterruptGraceSeconds} s, so the kernel was restarted; its variables are lost.",
                restarted: true, stopwatch.Elapsed) with { Stdout = execution.Stdout.ToString(), Stderr = execution.Stderr.ToString() };
        }
        finally
        {
            _current = null;
            _executionGate.Release();
        }
    }

    private ExecutionError QuotaExceeded() =>
        new("DiskQuotaExceeded", $"The workspace grew beyond its disk quota of {_options.WorkspaceQuotaMb} MB, so the execution was stopped. Delete files you do not need (os.remove) before writing more.", "");

    /// <summary>The execution's result once the kernel answered, after the host's checks (leftover processes, memory, quota).</summary>
    private async Task<ExecutionResult> FinishAsync(Execution execution, ExecutionGuard guard, TimeSpan duration, ExecutionError? error)
    {
        var aftermath = await guard.EndAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var notice in aftermath.Notices)
        {
            execution.AddOutput("stderr", notice);
        }
        if (aftermath.QuotaExceeded && error is null)
        {
            error = QuotaExceeded();
        }
        return await BuildResultAsync(execution, await execution.Result.Task.ConfigureAwait(false), duration, error, guard).ConfigureAwait(false);
    }

    private long WorkspaceSize() => Workspaces.SizeOf(WorkspaceDirectory);

    public void Kill()
    {
        _killed = true;
        _transport.Kill();
    }

    public async ValueTask DisposeAsync()
    {
        if (IsAlive)
        {
            await TrySendAsync(new JsonObject { ["type"] = "shutdown" }).ConfigureAwait(false);
            await Task.WhenAny(_transport.Exited, Task.Delay(500, CancellationToken.None)).ConfigureAwait(false);
        }
        Kill();
        await _transport.DisposeAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onDisposed?.Invoke();
        }
    }

    private static ExecutionResult Failed(string type, string message, bool restarted, TimeSpan duration) =>
        new(false, "", "", null, new ExecutionError(type, message, ""), [], false, restarted, duration);

    private async Task SendAsync(JsonObject message)
    {
        await _input.WriteLineAsync(message.ToJsonString()).ConfigureAwait(false);
    }

    private async Task TrySendAsync(JsonObject message)
    {
        try
        {
            await SendAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // the kernel is gone; the caller handles that
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = new ProtocolLineReader(_transport.Output, (long)_options.MaxProtocolMessageMb * 1024 * 1024);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync().ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                // a kernel that breaks the protocol is not trusted with another execution
                LogProtocolViolation(_logger, ex.Message);
                Kill();
                return;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
            {
                // the transport was torn down (kill, dispose)
                return;
            }
            if (line is null)
            {
                return;
            }
            JsonObject? message;
            try
            {
                message = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                message = null;
            }
            if (message is null)
            {
                continue;
            }
            var type = (string?)message["type"];
            if (type == "ready")
            {
                _ready.TrySetResult(message);
                continue;
            }
            var execution = _current;
            if (execution is null || (string?)message["id"] != execution.Id)
            {
                continue;
            }
            switch (type)
            {
                case "stream":
                    execution.AddOutput((string?)message["name"] == "stderr" ? "stderr" : "stdout", (string?)message["text"] ?? "");
                    break;
                case "artifact" when execution.Artifacts.Count < MaxArtifactsPerExecution:
                    execution.Artifacts.Add(message);
                    break;
                case "result":
                    execution.Result.TrySetResult(message);
                    break;
            }
        }
    }

    private async Task<ExecutionResult> BuildResultAsync(Execution execution, JsonObject result, TimeSpan duration, ExecutionError? overrideError, ExecutionGuard guard)
    {
        var artifacts = new List<KernelArtifact>();
        foreach (var message in execution.Artifacts)
        {
            try
            {
                if (await ReadArtifactAsync(message).ConfigureAwait(false) is { } artifact)
                {
                    artifacts.Add(artifact);
                }
            }
            catch (Exception ex) when (ex is IOException or JsonException or FormatException or UnauthorizedAccessException or InvalidOperationException)
            {
                execution.AddOutput("stderr", $"[sandbox] an output could not be collected: {ex.Message}\n");
            }
        }
        ExecutionError? error = overrideError;
        if (error is null && result["error"] is JsonObject e)
        {
            error = ExplainLimit(new ExecutionError((string?)e["type"] ?? "Error", (string?)e["message"] ?? "", (string?)e["traceback"] ?? ""), guard);
        }
        var succeeded = error is null && (string?)result["status"] == "ok";
        if (!succeeded && error is null)
        {
            error = new ExecutionError("Error", "The execution failed.", "");
        }
        return new ExecutionResult(
            succeeded,
            execution.Stdout.ToString(),
            execution.Stderr.ToString(),
            (string?)result["resultText"],
            error,
            artifacts,
            result["truncated"]?.GetValue<bool>() ?? false,
            KernelRestarted: false,
            duration);
    }

    /// <summary>Names the sandbox limit behind an error, so that the user and the model know what was hit.</summary>
    private ExecutionError ExplainLimit(ExecutionError error, ExecutionGuard guard)
    {
        string? limit = error.Type switch
        {
            "MemoryError" => $"the sandbox allows {_options.MemoryLimitMb} MB of memory per session; load fewer columns or rows (usecols=, nrows=, chunksize=) or delete large variables",
            _ when error.Message.StartsWith("[Errno 27]", StringComparison.Ordinal) => guard.DescribeFileSizeLimit(),
            _ when error.Message.StartsWith("[Errno 28]", StringComparison.Ordinal) => $"the sandbox's /tmp holds at most {_options.TmpSizeMb} MB and the workspace {_options.WorkspaceQuotaMb} MB",
            _ when error.Message.StartsWith("[Errno 11]", StringComparison.Ordinal) => "the sandbox limits how many processes and threads code may start",
            _ => null,
        };
        return limit is null ? error : error with { Message = (error.Message.Length > 0 ? error.Message + " — " : "") + limit + "." };
    }

    private async Task<KernelArtifact?> ReadArtifactAsync(JsonObject message)
    {
        var kind = (string?)message["kind"] ?? "";
        if (!ArtifactKinds.IsKnown(kind))
        {
            return null;
        }
        var name = ArtifactNames.Sanitize((string?)message["name"], kind);
        var mediaType = ArtifactNames.SanitizeMediaType((string?)message["mediaType"], kind);
        switch (kind)
        {
            case ArtifactKinds.Chart or ArtifactKinds.Table:
                var data = message["data"] ?? throw new FormatException("artifact without data");
                return new KernelArtifact(kind, name, mediaType, JsonSerializer.SerializeToUtf8Bytes(data, _json));
            case ArtifactKinds.Image:
                var png = Convert.FromBase64String((string?)message["base64"] ?? "");
                if (png.Length < 8 || png[0] != 0x89 || png[1] != (byte)'P')
                {
                    throw new FormatException("image is not a PNG");
                }
                return new KernelArtifact(kind, name, "image/png", png);
            default:
                var path = WorkspacePaths.ResolveRegularFile(WorkspaceDirectory, (string?)message["path"] ?? "");
                if (path is null)
                {
                    return null;
                }
                var max = (long)_options.MaxFileArtifactMb * 1024 * 1024;
                await using (var stream = WorkspacePaths.OpenNoFollow(path))
                {
                    if (stream.Length > max)
                    {
                        throw new InvalidOperationException($"{name} is larger than the {_options.MaxFileArtifactMb} MB file limit");
                    }
                    var bytes = new byte[stream.Length];
                    await stream.ReadExactlyAsync(bytes).ConfigureAwait(false);
                    return new KernelArtifact(kind, name, mediaType, bytes);
                }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kernel broke the protocol and was killed: {Reason}")]
    private static partial void LogProtocolViolation(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kernel did not stop within {GraceSeconds} s of an interrupt; killed it")]
    private static partial void LogKilled(ILogger logger, double graceSeconds);

    /// <summary>
    /// The kernel caps output and artifacts itself, but code can write to the protocol descriptor directly:
    /// the host keeps its own bounds.
    /// </summary>
    private sealed class Execution(string id, Action<OutputChunk>? onOutput, int outputCap)
    {
        private readonly Lock _gate = new();
        private long _outputChars;
        public string Id { get; } = id;
        public StringBuilder Stdout { get; } = new();
        public StringBuilder Stderr { get; } = new();
        public List<JsonObject> Artifacts { get; } = [];
        public TaskCompletionSource<JsonObject> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void AddOutput(string stream, string text)
        {
            if (text.Length == 0)
            {
                return;
            }
            lock (_gate)
            {
                // the kernel's notice is allowed past the cap; anything beyond twice the cap is dropped here
                if (_outputChars > 2L * outputCap)
                {
                    return;
                }
                _outputChars += text.Length;
                (stream == "stderr" ? Stderr : Stdout).Append(text);
            }
            onOutput?.Invoke(new OutputChunk(stream, text));
        }
    }
}
