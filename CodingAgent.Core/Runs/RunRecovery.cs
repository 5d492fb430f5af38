using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Runs;

/// <summary>
/// Finds runs whose instance died (killed, crashed, cut off) and ends them <see cref="RunStatuses.Interrupted"/>,
/// keeping every step and output they had streamed, so their session takes the next question. A run counts as dead
/// when it is stored as running, does not execute here, and nobody holds its session's lock: with shared locks, in two
/// checks 0.4 of a lock's lifetime apart (an instance re-takes a lock that a lock-store restart lost within a third of
/// it); with the in-process locks of a single instance, at once. The first check runs at start-up.
/// </summary>
public sealed partial class RunRecovery(
    ISessionRepository repository,
    IRunEventStore events,
    IClusterBus bus,
    ISessionLocks locks,
    RunManager runs,
    IHostApplicationLifetime lifetime,
    IOptions<RunOptions> options,
    TimeProvider time,
    ILogger<RunRecovery> logger) : BackgroundService
{
    public const string DiedReason = "The app instance answering this question stopped before it finished; what it had streamed is kept.";

    private HashSet<Guid> _suspects = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HostStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSweepFailed(logger, ex.Message);
            }
            try
            {
                await Task.Delay(options.Value.RecoveryInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One check; returns how many runs it ended.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var suspects = new HashSet<Guid>();
        var ended = 0;
        foreach (var run in await repository.ListRunningAsync(cancellationToken))
        {
            if (run.RunId is not { } runId || runs.IsLocal(runId) || await locks.GetHolderAsync(run.SessionId, cancellationToken) == runId)
            {
                continue;
            }
            if (locks.IsShared && !_suspects.Contains(run.Id))
            {
                suspects.Add(run.Id);
                continue;
            }
            if (await InterruptAsync(run, cancellationToken))
            {
                ended++;
            }
        }
        _suspects = suspects;
        return ended;
    }

    private async Task<bool> InterruptAsync(ConversationMessage run, CancellationToken cancellationToken)
    {
        var runId = run.RunId!.Value;
        var stored = await events.ReadAsync(runId, 0, cancellationToken);
        var transcript = RunTranscript.From(stored, run.Id, time.GetUtcNow());
        if (!await repository.InterruptRunAsync(run.Id, transcript.Content, DiedReason, transcript.Steps, cancellationToken))
        {
            // it ended meanwhile, or another instance got there first
            return false;
        }
        LogInterrupted(logger, runId, run.SessionId, transcript.Steps.Count);
        if (transcript.HasDone)
        {
            return true;
        }
        var last = stored.Count > 0 ? stored[^1].Sequence : 0;
        AgentEvent[] closing = [new ErrorEvent(DiedReason), new DoneEvent(RunStatuses.Interrupted, new UsageInfo(run.InputTokens, run.OutputTokens))];
        var now = time.GetUtcNow();
        var appended = closing.Select((e, i) => new RunEvent
        {
            RunId = runId,
            SessionId = run.SessionId,
            Sequence = last + 1 + i,
            Name = e.EventName,
            Data = AgentEventJson.Serialize(e),
            CreatedAt = now,
        }).ToList();
        await events.AppendAsync(appended, cancellationToken);
        foreach (var e in appended)
        {
            try
            {
                await bus.PublishRunEventAsync(new RunEventMessage(e.RunId, e.SessionId, e.Sequence, e.Name, e.Data), cancellationToken);
            }
            catch (Exception ex)
            {
                // followers find the events in the store at their next check
                LogAnnounceFailed(logger, runId, ex.Message);
                break;
            }
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} of session {SessionId} was left running by an instance that stopped; marked interrupted with {Steps} steps kept")]
    private static partial void LogInterrupted(ILogger logger, Guid runId, Guid sessionId, int steps);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for interrupted runs failed: {Reason}; trying again later")]
    private static partial void LogSweepFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: announcing its end failed ({Reason}); followers find it in the store")]
    private static partial void LogAnnounceFailed(ILogger logger, Guid runId, string reason);
}
