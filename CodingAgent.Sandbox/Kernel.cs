using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Sandbox.Workspace;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Sandbox;

/// <summary>
/// Host side of the kernel protocol (line-delimited JSON, see Kernel/kernel.py): one execution at a time,
/// output streamed as it arrives, timeouts and cancellation turned into an interrupt and, if the code does
/// not stop within the grace period, a kill. Everything the kernel says is untrusted and validated here, and what it
/// sends is bounded per message (<see cref="ProtocolLineReader"/>) and per execution (<see cref="ProtocolBudget"/>).
/// </summary>
internal sealed partial class Kernel : IKernel, IAsyncDisposable
{
    private const int MaxArtifactsPerExecution = 100;
    private const int InspectTimeoutSeconds = 5;
    private readonly IKernelTransport _transport;
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _executionGate = new(1, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter _input;
    private readonly Task _readLoop;
    private readonly Action? _onDisposed;
    private Execution? _current;
    private volatile Inspection? _inspection;
    private KernelVariables? _lastVariables;
    private volatile ProtocolBudget _budget;
    private string? _stopReason;
    private WorkspaceUsage? _lastUsage;
    private bool _killed;
    private int _disposed;

    /// <param name="workspace">The kernel's workspace, which the kernel disposes.</param>
    /// <param name="hostUid">The host uid the kernel runs as, when the pool assigns one.</param>
    public Kernel(IKernelTransport transport, WorkspaceDirectory workspace, int? hostUid, SandboxOptions options, TimeProvider time, ILogger logger, Action? onDisposed = null)
    {
        _onDisposed = onDisposed;
        _transport = transport;
        Workspace = workspace;
        HostUid = hostUid;
        _options = options;
        _budget = NewBudget();
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

    /// <summary>
    /// The directory the kernel sees as /workspace, held open: it stays the kernel's directory when a warm kernel's
    /// workspace is renamed into place for a session.
    /// </summary>
    public WorkspaceDirectory Workspace { get; }

    /// <summary>The host uid the kernel runs as; null when it runs as the app's own.</summary>
    public int? HostUid { get; }

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
                return Failed("KernelDied", "The Python kernel is not running: " + (_stopReason ?? _transport.DescribeExit()), restarted: true, TimeSpan.Zero);
            }
            LastUsed = _time.GetUtcNow();
            var execution = new Execution(Guid.NewGuid().ToString("N"), onOutput, _options.OutputCapBytes);
            _budget = NewBudget();
            _current = execution;
            using var guard = new ExecutionGuard(_transport.Processes, Workspace.ProcPath, WorkspaceSize, _options, _time);
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
                var died = Failed("KernelDied",
                    _stopReason is { } stopReason
                        ? stopReason + ", so the kernel was stopped; its variables are lost."
                        : guard.OutOfMemory
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

    public async Task<KernelVariables> InspectAsync(CancellationToken cancellationToken)
    {
        var last = (_lastVariables ?? KernelVariables.None) with { IsStale = true };
        if (!IsAlive)
        {
            return KernelVariables.None;
        }
        if (!await _executionGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return last; // code runs: the kernel answers only between executions
        }
        try
        {
            var inspection = new Inspection(Guid.NewGuid().ToString("N"));
            _inspection = inspection;
            await SendAsync(new JsonObject { ["type"] = "inspect", ["id"] = inspection.Id }).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(InspectTimeoutSeconds));
            var finished = await Task.WhenAny(inspection.Reply.Task, _readLoop, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (finished != inspection.Reply.Task)
            {
                return finished == _readLoop ? KernelVariables.None : last;
            }
            var variables = KernelVariablesMessage.Parse(await inspection.Reply.Task.ConfigureAwait(false));
            _lastVariables = variables;
            return variables;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return KernelVariables.None; // the kernel went away meanwhile
        }
        finally
        {
            _inspection = null;
            _executionGate.Release();
        }
    }

    /// <summary>
    /// Why the quota watch stopped the code: the workspace's allocated bytes (regular files, links not followed) passed
    /// the quota, or it holds more entries or levels than are walked.
    /// </summary>
    private ExecutionError QuotaExceeded()
    {
        const string Advice = " Delete files you do not need (os.remove, shutil.rmtree) before writing more.";
        return _lastUsage is { Complete: false }
            ? new ExecutionError("DiskQuotaExceeded",
                $"The workspace holds more than {WorkspaceDirectory.MaxEntries} files and folders, or folders nested deeper than {WorkspaceDirectory.MaxDepth} levels, so the execution was stopped." + Advice, "")
            : new ExecutionError("DiskQuotaExceeded", $"The workspace grew beyond its disk quota of {_options.WorkspaceQuotaMb} MB, so the execution was stopped." + Advice, "");
    }

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

    /// <summary>
    /// The workspace's allocated bytes, measured through its descriptor; a workspace too large to walk counts as over
    /// any quota, and a measurement that fails while code changes its files keeps the last one.
    /// </summary>
    private long WorkspaceSize()
    {
        try
        {
            _lastUsage = Workspace.MeasureUsage();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // the code changes its files meanwhile, or the kernel is being disposed
        }
        return _lastUsage is { Complete: false } ? long.MaxValue : _lastUsage?.AllocatedBytes ?? 0;
    }

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
        Workspace.Dispose();
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onDisposed?.Invoke();
        }
    }

    private ProtocolBudget NewBudget() =>
        new((long)_options.MaxArtifactMbPerExecution * 1024 * 1024, _options.OutputCapBytes);

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
            byte[]? line;
            try
            {
                line = await reader.ReadLineAsync().ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                // a kernel that breaks the protocol is not trusted with another execution
                Stop(ex.Message.TrimEnd('.'));
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
            var budget = _budget;
            Handle(line, _current, _inspection, budget);
            if (budget.IsExhausted)
            {
                Stop($"The kernel sent more than {_options.MaxArtifactMbPerExecution} MB of outputs (Sandbox:MaxArtifactMbPerExecution) plus twice the output cap of messages in one execution");
                return;
            }
        }
    }

    /// <summary>Acts on one line; what is not kept or acted on counts against the execution's budget.</summary>
    private void Handle(byte[] line, Execution? execution, Inspection? inspection, ProtocolBudget budget)
    {
        var size = line.Length + 1L;
        var envelope = ProtocolEnvelope.Read(line, execution?.IdBytes ?? inspection?.IdBytes);
        var mine = execution is not null && envelope is { IsForExecution: true };
        switch (envelope?.Type)
        {
            case ProtocolMessageType.Ready when !_ready.Task.IsCompleted:
                _ready.TrySetResult();
                return;
            case ProtocolMessageType.Stream when mine && !execution!.IsOutputFull && ParseObject(line) is { } stream
                && execution.AddOutput((string?)stream["name"] == "stderr" ? "stderr" : "stdout", (string?)stream["text"] ?? ""):
                return;
            case ProtocolMessageType.Artifact when mine && execution!.Artifacts.Count >= MaxArtifactsPerExecution:
                execution.Notice($"[sandbox] more than {MaxArtifactsPerExecution} outputs in one execution; the rest were dropped\n");
                break;
            case ProtocolMessageType.Artifact when mine:
                if (budget.TryTakeArtifact(size))
                {
                    execution!.Artifacts.Enqueue(line);
                    return;
                }
                execution!.Notice($"[sandbox] the outputs of this execution exceeded {budget.ArtifactBytes / (1024 * 1024)} MB (Sandbox:MaxArtifactMbPerExecution); the rest were dropped\n");
                return;
            case ProtocolMessageType.Result when mine && ParseObject(line) is { } result && execution!.Result.TrySetResult(result):
                return;
            case ProtocolMessageType.Variables when inspection is not null && execution is null && envelope is { IsForExecution: true }
                && line.Length <= KernelVariablesMessage.MaxLineBytes && ParseObject(line) is { } variables && inspection.Reply.TrySetResult(variables):
                return;
        }
        budget.CountDropped(size);
    }

    private static JsonObject? ParseObject(byte[] line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Kills a kernel that abused the protocol; the reason becomes the error of its execution.</summary>
    private void Stop(string reason)
    {
        _stopReason = reason;
        LogProtocolViolation(_logger, reason);
        Kill();
    }

    private async Task<ExecutionResult> BuildResultAsync(Execution execution, JsonObject result, TimeSpan duration, ExecutionError? overrideError, ExecutionGuard guard)
    {
        var artifacts = await CollectArtifactsAsync(execution).ConfigureAwait(false);
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
            result["truncated"] is JsonValue truncated && truncated.TryGetValue<bool>(out var isTruncated) && isTruncated,
            KernelRestarted: false,
            duration)
        {
            FilesRead = FilesRead(result),
        };
    }

    /// <summary>The workspace file names the kernel saw opened for reading (plain names only; anything else is dropped).</summary>
    private static IReadOnlyList<string> FilesRead(JsonObject result) =>
        result["filesRead"] is JsonArray names
            ? [.. names.OfType<JsonValue>().Select(n => n.TryGetValue<string>(out var name) ? name : null)
                .Where(n => n is { Length: > 0 and <= 255 } && !n.Contains('/') && n is not "." and not "..").Take(1000).Cast<string>()]
            : [];

    /// <summary>
    /// Turns the kept artifact lines into artifacts, one at a time; reading files is bounded in time too. The bytes of
    /// workspace files count against the execution's output budget as the lines do (a line is small, but the file it
    /// names can be 100 MB, and code can name the same sparse file a hundred times), and each file is read once.
    /// </summary>
    private async Task<List<KernelArtifact>> CollectArtifactsAsync(Execution execution)
    {
        var artifacts = new List<KernelArtifact>();
        var budget = _budget.ArtifactBytes;
        var used = 0L;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.ExecutionTimeoutSeconds), _time);
        while (execution.Artifacts.TryDequeue(out var line))
        {
            try
            {
                if (await ReadArtifactAsync(line, budget - used, paths, timeout.Token).ConfigureAwait(false) is { } artifact)
                {
                    artifacts.Add(artifact);
                    used += artifact.Content.LongLength + (artifact.Rows?.LongLength ?? 0);
                }
            }
            catch (Exception ex) when (ex is IOException or FormatException or OperationCanceledException or ObjectDisposedException)
            {
                execution.Notice($"[sandbox] an output could not be collected: {ex.Message}\n");
            }
        }
        return artifacts;
    }

    /// <summary>Names the sandbox limit behind an error, so that the user and the model know what was hit.</summary>
    private ExecutionError ExplainLimit(ExecutionError error, ExecutionGuard guard)
    {
        string? limit = error.Type switch
        {
            "MemoryError" => $"the sandbox allows {_options.MemoryLimitMb} MB of memory per session; load fewer columns or rows (usecols=, nrows=, chunksize=) or delete large variables",
            _ when error.Message.StartsWith("[Errno 27]", StringComparison.Ordinal) => guard.DescribeFileSizeLimit(),
            _ when error.Message.StartsWith("[Errno 28]", StringComparison.Ordinal) => $"no space left: the workspace quota is {_options.WorkspaceQuotaMb} MB (delete files to make room) and the sandbox's /tmp holds at most {_options.TmpSizeMb} MB",
            _ when error.Message.StartsWith("[Errno 11]", StringComparison.Ordinal) => "the sandbox limits how many processes and threads code may start",
            _ => null,
        };
        return limit is null ? error : error with { Message = (error.Message.Length > 0 ? error.Message + " — " : "") + limit + "." };
    }

    /// <param name="remainingBytes">What is left of the execution's output budget, which a workspace file must fit in.</param>
    /// <param name="paths">Workspace files already collected in this execution: each is read once.</param>
    private async Task<KernelArtifact?> ReadArtifactAsync(byte[] line, long remainingBytes, HashSet<string> paths, CancellationToken cancellationToken)
    {
        var message = ArtifactMessage.Parse(line);
        var kind = message.Kind;
        if (!ArtifactKinds.IsKnown(kind))
        {
            return null;
        }
        var name = ArtifactNames.Sanitize(message.Name, kind);
        var mediaType = ArtifactNames.SanitizeMediaType(message.MediaType, kind);
        switch (kind)
        {
            case ArtifactKinds.Chart or ArtifactKinds.Table:
                return message.Data.IsEmpty
                    ? throw new FormatException("artifact without data")
                    : new KernelArtifact(kind, name, mediaType, message.Data.ToArray())
                    {
                        // whole rows only for tables, and only gzip (the host reads them as such later)
                        Rows = kind == ArtifactKinds.Table && message.Rows is [0x1f, 0x8b, ..] rows ? rows : null,
                    };
            case ArtifactKinds.Image:
                var png = message.Base64Content ?? [];
                if (png.Length < 8 || png[0] != 0x89 || png[1] != (byte)'P')
                {
                    throw new FormatException("image is not a PNG");
                }
                return new KernelArtifact(kind, name, "image/png", png);
            default:
                if (string.IsNullOrEmpty(message.Path) || !paths.Add(message.Path))
                {
                    return null;
                }
                var fileLimit = (long)_options.MaxFileArtifactMb * 1024 * 1024;
                try
                {
                    var bytes = await Workspace.ReadFileAsync(message.Path, Math.Max(0, Math.Min(fileLimit, remainingBytes)), cancellationToken).ConfigureAwait(false);
                    return new KernelArtifact(kind, name, mediaType, bytes);
                }
                catch (IOException ex)
                {
                    var limit = remainingBytes < fileLimit
                        ? $" (the outputs of one execution may take {_budget.ArtifactBytes / (1024 * 1024)} MB, Sandbox:MaxArtifactMbPerExecution, and {Math.Max(0, remainingBytes) / (1024 * 1024)} MB were left)"
                        : "";
                    throw new IOException($"{name} was refused: {ex.Message}{limit}", ex);
                }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kernel broke the protocol and was killed: {Reason}")]
    private static partial void LogProtocolViolation(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kernel did not stop within {GraceSeconds} s of an interrupt; killed it")]
    private static partial void LogKilled(ILogger logger, double graceSeconds);

    /// <summary>An inspect request waiting for the kernel's <c>variables</c> answer.</summary>
    private sealed class Inspection(string id)
    {
        public string Id { get; } = id;
        public byte[] IdBytes { get; } = Encoding.UTF8.GetBytes(id);
        public TaskCompletionSource<JsonObject> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The kernel caps output and artifacts itself, but code can write to the protocol descriptor directly:
    /// the host keeps its own bounds.
    /// </summary>
    private sealed class Execution(string id, Action<OutputChunk>? onOutput, int outputCap)
    {
        private readonly Lock _gate = new();
        private readonly HashSet<string> _notices = [];
        private long _outputChars;
        public string Id { get; } = id;
        public byte[] IdBytes { get; } = Encoding.UTF8.GetBytes(id);
        public StringBuilder Stdout { get; } = new();
        public StringBuilder Stderr { get; } = new();

        /// <summary>Artifact messages as the raw lines the kernel sent, read only when the result is built.</summary>
        public ConcurrentQueue<byte[]> Artifacts { get; } = new();

        public TaskCompletionSource<JsonObject> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsOutputFull
        {
            get
            {
                lock (_gate)
                {
                    return _outputChars > 2L * outputCap;
                }
            }
        }

        /// <summary>Keeps output up to twice the cap (the kernel's own notice is allowed past the cap); false when dropped.</summary>
        public bool AddOutput(string stream, string text)
        {
            if (text.Length == 0)
            {
                return false;
            }
            lock (_gate)
            {
                if (_outputChars > 2L * outputCap)
                {
                    return false;
                }
                _outputChars += text.Length;
                (stream == "stderr" ? Stderr : Stdout).Append(text);
            }
            onOutput?.Invoke(new OutputChunk(stream, text));
            return true;
        }

        /// <summary>A notice of the host's on stderr, once per text, whatever the output cap.</summary>
        public void Notice(string text)
        {
            lock (_gate)
            {
                if (!_notices.Add(text))
                {
                    return;
                }
                Stderr.Append(text);
            }
            onOutput?.Invoke(new OutputChunk("stderr", text));
        }
    }
}
