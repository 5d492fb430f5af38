using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace CodingAgent.Core.Runs;

/// <summary>
/// A run in progress (or just finished): keeps every event it published so that a subscriber that
/// arrives late (a reopened tab, a second client) replays the run from its start, then follows it live.
/// </summary>
/// <param name="onDone">Runs just before <see cref="DoneEvent"/> reaches anyone, so whoever sees it can ask the next question.</param>
public sealed class RunHandle(Guid runId, Guid sessionId, Guid messageId, CancellationTokenSource cancellation, Action<RunHandle>? onDone = null)
{
    private readonly Lock _gate = new();
    private readonly List<AgentEvent> _history = [];
    private readonly List<Channel<AgentEvent>> _subscribers = [];
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid RunId { get; } = runId;
    public Guid SessionId { get; } = sessionId;
    public Guid MessageId { get; } = messageId;
    public bool IsFinished => _finished.Task.IsCompleted;
    public Task Finished => _finished.Task;
    internal CancellationToken CancellationToken => cancellation.Token;

    public void Cancel()
    {
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the run already ended
        }
    }

    internal void Publish(AgentEvent agentEvent)
    {
        lock (_gate)
        {
            if (_finished.Task.IsCompleted)
            {
                return;
            }
            if (agentEvent is DoneEvent)
            {
                onDone?.Invoke(this);
            }
            _history.Add(agentEvent);
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(agentEvent);
            }
            if (agentEvent is DoneEvent)
            {
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryComplete();
                }
                _subscribers.Clear();
                _finished.TrySetResult();
            }
        }
    }

    /// <summary>All events of the run so far, then the live ones until <see cref="DoneEvent"/>.</summary>
    public async IAsyncEnumerable<AgentEvent> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        AgentEvent[] replay;
        Channel<AgentEvent>? live = null;
        lock (_gate)
        {
            replay = [.. _history];
            if (!_finished.Task.IsCompleted)
            {
                live = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true });
                _subscribers.Add(live);
            }
        }
        try
        {
            foreach (var agentEvent in replay)
            {
                yield return agentEvent;
            }
            if (live is null)
            {
                yield break;
            }
            await foreach (var agentEvent in live.Reader.ReadAllAsync(cancellationToken))
            {
                yield return agentEvent;
            }
        }
        finally
        {
            if (live is not null)
            {
                lock (_gate)
                {
                    _subscribers.Remove(live);
                }
            }
        }
    }
}
