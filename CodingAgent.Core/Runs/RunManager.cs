using System.Collections.Concurrent;
using CodingAgent.Core.Agent;
using CodingAgent.Core.Audit;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Runs;

/// <summary>
/// Starts runs in the background, independent of whoever asked: a run keeps going when the browser tab or the HTTP
/// request that started it goes away, and can be followed (<see cref="RunFollower"/>) or cancelled by its id from any
/// instance. One run at a time per session across every instance, held by a session lock (<see cref="ISessionLocks"/>).
/// </summary>
public sealed partial class RunManager(
    AgentRunner runner,
    TokenBudgets budgets,
    ISessionRepository repository,
    ISessionLocks locks,
    IRunEventStore events,
    IClusterBus bus,
    IOptions<RunOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers,
    IAuditLog? audit = null,
    IOptions<QuotaOptions>? quotas = null) : IHostedLifecycleService
{
    /// <summary>How long a graceful stop waits for this instance's runs to store their end.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    public const string AppStoppedReason = "The app stopped while this question was being answered; what was streamed is kept.";
    public const string LockLostReason = "This instance lost the session's lock (the lock store was unreachable for too long), so the run was stopped; what was streamed is kept.";

    private readonly ILogger _logger = loggers.CreateLogger<RunManager>();
    private readonly ConcurrentDictionary<Guid, RunHandle> _local = new();

    /// <summary>Whether the run executes on this instance.</summary>
    public bool IsLocal(Guid runId) => _local.ContainsKey(runId);

    /// <summary>The longest question accepted, in characters (after trimming).</summary>
    public const int MaxQuestionLength = 20_000;

    /// <summary>The question as a run gets it (trimmed), or <see cref="InvalidQuestionException"/> saying why it is refused.</summary>
    public static string ValidateQuestion(string? question)
    {
        var trimmed = question?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new InvalidQuestionException("Empty message", "The question is empty: the field 'message' must contain the question.");
        }
        if (trimmed.Length > MaxQuestionLength)
        {
            throw new InvalidQuestionException("Message too long", $"The message is longer than {MaxQuestionLength} characters.");
        }
        return trimmed;
    }

    /// <summary>
    /// Starts answering <paramref name="question"/> (validated by <see cref="ValidateQuestion"/>) in the background, on
    /// behalf of <paramref name="user"/> (whom the run's audit records and budgets name).
    /// </summary>
    public async Task<RunHandle> StartAsync(Guid sessionId, string? question, CurrentUser user, CancellationToken cancellationToken)
    {
        var validQuestion = ValidateQuestion(question);
        var session = await repository.GetSessionAsync(sessionId, cancellationToken) ?? throw new SessionNotFoundException(sessionId);
        // a used-up budget refuses the question before anything is stored; the run checks again as it spends
        await budgets.ForRunAsync(sessionId, user, cancellationToken);
        // the user's questions start one at a time while the quota is checked and the run is stored as running
        await using var gate = await EnterStartGateAsync(user, cancellationToken);
        await CheckConcurrentRunsAsync(user, cancellationToken);
        var runId = Guid.NewGuid();
        var lease = await locks.TryAcquireAsync(sessionId, runId, options.Value.LockTimeToLive, cancellationToken);
        if (lease is null)
        {
            throw new RunInProgressException(await locks.GetHolderAsync(sessionId, cancellationToken) ?? Guid.Empty);
        }
        var now = time.GetUtcNow();
        var assistant = new ConversationMessage
        {
            Id = Guid.NewGuid(),
            SessionId = sessionId,
            Role = MessageRoles.Assistant,
            RunId = runId,
            Status = RunStatuses.Running,
            // after the question, also where the store keeps only millisecond precision
            CreatedAt = now.AddMilliseconds(1),
        };
        try
        {
            if (audit is not null)
            {
                // a question the audit log cannot record is not asked (503)
                await audit.RecordRequiredAsync(AuditEntry.Create(now, user.Name, AuditActions.Question, sessionId, $"{validQuestion.Length} characters"), cancellationToken);
            }
            await repository.AddMessageAsync(new ConversationMessage
            {
                Id = Guid.NewGuid(),
                SessionId = sessionId,
                Role = MessageRoles.User,
                Content = validQuestion,
                CreatedAt = now,
            }, cancellationToken);
            await repository.AddMessageAsync(assistant, cancellationToken);
            if (session.Title.Length == 0)
            {
                await repository.RenameSessionAsync(sessionId, SessionTitles.FromQuestion(validQuestion), cancellationToken);
            }
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }

        var cancellation = new CancellationTokenSource();
        var handle = new RunHandle(runId, sessionId, assistant.Id, cancellation, events, bus, time, _logger, async finished =>
        {
            _local.TryRemove(finished.RunId, out _);
            await lease.DisposeAsync();
        })
        { User = user };
        _local[runId] = handle;
        var stopping = lifetime.ApplicationStopping.Register(() => handle.Interrupt(AppStoppedReason));
        var lost = lease.Lost.Register(() => handle.Interrupt(LockLostReason));
        _ = Task.Run(async () =>
        {
            await ExecuteAsync(handle, assistant, validQuestion);
            await stopping.DisposeAsync();
            await lost.DisposeAsync();
            cancellation.Dispose();
        }, CancellationToken.None);
        return handle;
    }

    /// <summary>How long a question waits for the user's other questions to start before it is refused.</summary>
    public static readonly TimeSpan StartGateWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// With <see cref="QuotaOptions.ConcurrentRunsPerUser"/>, the user's start gate: a lock (shared by every instance
    /// when the locks are) held from the quota's check until the run is stored as running, so that questions asked at
    /// the same instant are counted one after the other. Null without the quota.
    /// </summary>
    private async Task<ISessionLease?> EnterStartGateAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        if (quotas?.Value.ConcurrentRunsPerUser is not > 0)
        {
            return null;
        }
        var key = StartGateKey(user.Id);
        var holder = Guid.NewGuid();
        var deadline = time.GetUtcNow() + StartGateWait;
        while (true)
        {
            if (await locks.TryAcquireAsync(key, holder, options.Value.LockTimeToLive, cancellationToken) is { } lease)
            {
                return lease;
            }
            if (time.GetUtcNow() >= deadline)
            {
                throw new QuotaExceededException("Too many runs", "Other questions of yours are being started; ask again in a moment.", storage: false);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }
    }

    /// <summary>The lock key of the user's start gate: a GUID from the user's id, in a space of its own (no session has it).</summary>
    internal static Guid StartGateKey(string userId) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("codingagent:start-gate:" + userId)).AsSpan(0, 16));

    /// <summary>
    /// Refuses a further question while <see cref="QuotaOptions.ConcurrentRunsPerUser"/> of the user's runs are running
    /// (on any instance). Runs inside the user's start gate (<see cref="EnterStartGateAsync"/>).
    /// </summary>
    private async Task CheckConcurrentRunsAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        if (quotas?.Value.ConcurrentRunsPerUser is not (> 0 and var limit))
        {
            return;
        }
        var running = 0;
        foreach (var sessionId in (await repository.ListRunningAsync(cancellationToken)).Select(r => r.SessionId).ToList())
        {
            if ((await repository.GetSessionAsync(sessionId, cancellationToken))?.OwnerId == user.Id)
            {
                running++;
            }
        }
        if (running >= limit)
        {
            throw new QuotaExceededException("Too many runs",
                $"You have {running} questions being answered and the limit (Quotas:ConcurrentRunsPerUser) is {limit}; ask again when one is done, or cancel one.", storage: false);
        }
    }

    private async Task ExecuteAsync(RunHandle handle, ConversationMessage assistant, string question)
    {
        try
        {
            await runner.RunAsync(handle, assistant, question, handle.CancellationToken);
        }
        catch (Exception ex)
        {
            LogRunCrashed(_logger, handle.RunId, ex);
            handle.Publish(new ErrorEvent("The run stopped unexpectedly."));
            handle.Publish(new DoneEvent(RunStatuses.Failed, new UsageInfo(0, 0)));
        }
        await handle.Finished;
    }

    /// <summary>The running run of each session that has one (any instance).</summary>
    public async Task<IReadOnlyDictionary<Guid, Guid>> ActiveRunsAsync(CancellationToken cancellationToken) =>
        (await repository.ListRunningAsync(cancellationToken))
            .Where(m => m.RunId is not null)
            .GroupBy(m => m.SessionId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.CreatedAt).First().RunId!.Value);

    public async Task<Guid?> GetActiveRunIdAsync(Guid sessionId, CancellationToken cancellationToken) =>
        (await ActiveRunsAsync(cancellationToken)).TryGetValue(sessionId, out var runId) ? runId : null;

    /// <summary>Asks the run to stop wherever it executes.</summary>
    public async Task<CancelOutcome> CancelAsync(Guid sessionId, Guid runId, CancellationToken cancellationToken)
    {
        var run = await repository.GetRunAsync(runId, cancellationToken);
        if (run is null || run.SessionId != sessionId)
        {
            return CancelOutcome.NotFound;
        }
        if (RunStatuses.IsFinished(run.Status))
        {
            return CancelOutcome.AlreadyFinished;
        }
        if (!CancelLocal(runId))
        {
            await bus.PublishSignalAsync(new ClusterSignal(ClusterSignalKinds.CancelRun, sessionId, runId), cancellationToken);
        }
        return CancelOutcome.Requested;
    }

    /// <summary>Cancels the run if it executes here.</summary>
    internal bool CancelLocal(Guid runId)
    {
        if (_local.TryGetValue(runId, out var handle))
        {
            handle.Cancel();
            return true;
        }
        return false;
    }

    internal void CancelLocalRunsOf(Guid sessionId)
    {
        foreach (var handle in _local.Values.Where(h => h.SessionId == sessionId))
        {
            handle.Cancel();
        }
    }

    /// <summary>
    /// Before anything else stops (the sandbox, the database): interrupts the runs executing here and gives them
    /// <see cref="StopGrace"/> to store their end (<see cref="RunStatuses.Interrupted"/>, with what they streamed), so a
    /// restart or a rolling update leaves no run for <see cref="RunRecovery"/> to find.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var running = _local.Values.ToList();
        foreach (var handle in running)
        {
            handle.Interrupt(AppStoppedReason);
        }
        try
        {
            await Task.WhenAll(running.Select(h => h.Finished)).WaitAsync(StopGrace, time, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            LogStopTimedOut(_logger, running.Count(h => !h.IsFinished));
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} runs did not end within the stop grace period; another instance or the next start marks them interrupted")]
    private static partial void LogStopTimedOut(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} crashed")]
    private static partial void LogRunCrashed(ILogger logger, Guid runId, Exception exception);
}
