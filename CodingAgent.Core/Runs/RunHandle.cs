using System.Threading.Channels;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Core.Runs;

/// <summary>
/// A run executing on this instance. Every event it publishes gets the next sequence number and goes through one pump
/// that persists it (<see cref="IRunEventStore"/>, in batches as fast as the store takes them) before anyone sees it,
/// then announces it on the <see cref="IClusterBus"/>: whoever follows the run, on any instance, reads what was
/// persisted and then what the bus brings (<see cref="RunFollower"/>), and nothing a client saw is lost if this
/// process dies.
/// </summary>
public sealed partial class RunHandle
{
    private static readonly TimeSpan _giveUpPersisting = TimeSpan.FromMinutes(2);
    private readonly Lock _gate = new();
    private readonly Channel<RunEvent> _pending = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _cancellation;
    private readonly IRunEventStore _store;
    private readonly IClusterBus _bus;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<RunHandle, Task>? _onDone;
    private readonly Task _pump;
    private long _sequence;
    private bool _doneQueued;

    /// <summary>Who asked: the user the run's audit records and budgets name (runs go on after their request ends).</summary>
    public CurrentUser User { get; init; } = CurrentUser.Local;

    /// <param name="onDone">Runs after the last event before <see cref="DoneEvent"/> is stored and before it is, so whoever sees it can ask the next question.</param>
    public RunHandle(Guid runId, Guid sessionId, Guid messageId, CancellationTokenSource cancellation, IRunEventStore store, IClusterBus bus,
        TimeProvider time, ILogger logger, Func<RunHandle, Task>? onDone = null)
    {
        RunId = runId;
        SessionId = sessionId;
        MessageId = messageId;
        _cancellation = cancellation;
        _store = store;
        _bus = bus;
        _time = time;
        _logger = logger;
        _onDone = onDone;
        _pump = Task.Run(PumpAsync);
    }

    public Guid RunId { get; }
    public Guid SessionId { get; }
    public Guid MessageId { get; }

    /// <summary>Set when the run was stopped by something other than its user (the app stopping, the session lock lost): it ends <see cref="RunStatuses.Interrupted"/>.</summary>
    public string? InterruptReason { get; private set; }

    /// <summary>Completes once <see cref="DoneEvent"/> was published, stored and announced.</summary>
    public Task Finished => _pump;

    public bool IsFinished => _pump.IsCompleted;

    internal CancellationToken CancellationToken => _cancellation.Token;

    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the run already ended
        }
    }

    internal void Interrupt(string reason)
    {
        InterruptReason ??= reason;
        Cancel();
    }

    internal void Publish(AgentEvent agentEvent)
    {
        lock (_gate)
        {
            if (_doneQueued)
            {
                return;
            }
            _pending.Writer.TryWrite(new RunEvent
            {
                RunId = RunId,
                SessionId = SessionId,
                Sequence = ++_sequence,
                Name = agentEvent.EventName,
                Data = AgentEventJson.Serialize(agentEvent),
                CreatedAt = _time.GetUtcNow(),
            });
            if (agentEvent is DoneEvent)
            {
                _doneQueued = true;
                _pending.Writer.TryComplete();
            }
        }
    }

    private async Task PumpAsync()
    {
        var reader = _pending.Reader;
        var batch = new List<RunEvent>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            var done = batch.FindIndex(e => e.Name == "done");
            if (done >= 0)
            {
                // everything before done first, then the lock goes, then done: a client that sees done may ask again at once
                await PersistAsync(batch[..done]);
                await AnnounceAsync(batch[..done]);
                await RunOnDoneAsync();
                await PersistAsync(batch[done..]);
                await AnnounceAsync(batch[done..]);
            }
            else
            {
                await PersistAsync(batch);
                await AnnounceAsync(batch);
            }
        }
    }

    private async Task RunOnDoneAsync()
    {
        if (_onDone is null)
        {
            return;
        }
        try
        {
            await _onDone(this);
        }
        catch (Exception ex)
        {
            LogOnDoneFailed(_logger, RunId, ex);
        }
    }

    /// <summary>Stores a batch, retrying while the store is unreachable; after two minutes of failures the batch is given up (logged) so the run can end.</summary>
    private async Task PersistAsync(List<RunEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        var started = _time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await _store.AppendAsync([.. batch], CancellationToken.None);
                return;
            }
            catch (Exception ex)
            {
                if (_time.GetElapsedTime(started) > _giveUpPersisting)
                {
                    LogPersistGaveUp(_logger, RunId, batch.Count, ex);
                    return;
                }
                LogPersistRetry(_logger, RunId, ex.Message);
                await Task.Delay(delay, _time, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task AnnounceAsync(List<RunEvent> batch)
    {
        foreach (var e in batch)
        {
            try
            {
                await _bus.PublishRunEventAsync(new RunEventMessage(e.RunId, e.SessionId, e.Sequence, e.Name, e.Data), CancellationToken.None);
            }
            catch (Exception ex)
            {
                // followers elsewhere catch up from the store
                LogAnnounceFailed(_logger, RunId, ex.Message);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: storing its events failed ({Reason}); retrying")]
    private static partial void LogPersistRetry(ILogger logger, Guid runId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: gave up storing {Count} events after two minutes of failures")]
    private static partial void LogPersistGaveUp(ILogger logger, Guid runId, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: announcing events to other instances failed ({Reason}); they catch up from the store")]
    private static partial void LogAnnounceFailed(ILogger logger, Guid runId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: releasing the session failed")]
    private static partial void LogOnDoneFailed(ILogger logger, Guid runId, Exception exception);
}
