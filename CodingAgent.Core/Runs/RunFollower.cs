using System.Runtime.CompilerServices;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;

namespace CodingAgent.Core.Runs;

/// <summary>
/// Follows a run from any instance: the events stored so far (after the last one the client saw), then the live ones
/// from the bus, until <c>done</c>. The bus is only a doorbell: a gap, a quiet spell or a bus outage sends the follower
/// back to the store, and a run that ended without a stored <c>done</c> (its instance died between the two) gets one
/// made from its message's status.
/// </summary>
public sealed class RunFollower(ISessionRepository repository, IRunEventStore store, IClusterBus bus, TimeProvider time)
{
    /// <summary>How long a follower waits on a quiet bus before it looks at the store and the run's status again.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);

    public async IAsyncEnumerable<SequencedEvent> FollowAsync(Guid runId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // subscribed before the store is read, so that nothing published in between is missed
        await using var live = await bus.SubscribeRunAsync(runId, cancellationToken);
        var last = afterSequence;
        while (true)
        {
            foreach (var stored in await store.ReadAsync(runId, last, cancellationToken))
            {
                last = stored.Sequence;
                yield return new SequencedEvent(stored.Sequence, stored.Name, stored.Data);
                if (stored.Name == "done")
                {
                    yield break;
                }
            }
            var run = await repository.GetRunAsync(runId, cancellationToken);
            if (run is null)
            {
                // deleted with its session
                yield break;
            }
            if (RunStatuses.IsFinished(run.Status))
            {
                var late = await store.ReadAsync(runId, last, cancellationToken);
                foreach (var stored in late)
                {
                    last = stored.Sequence;
                    yield return new SequencedEvent(stored.Sequence, stored.Name, stored.Data);
                    if (stored.Name == "done")
                    {
                        yield break;
                    }
                }
                var done = new DoneEvent(run.Status!, new UsageInfo(run.InputTokens, run.OutputTokens));
                yield return new SequencedEvent(last + 1, done.EventName, AgentEventJson.Serialize(done));
                yield break;
            }
            while (await NextLiveAsync(live, cancellationToken) is { } message)
            {
                if (message.Sequence <= last)
                {
                    continue;
                }
                if (message.Sequence != last + 1)
                {
                    // missed some: they are in the store
                    break;
                }
                last = message.Sequence;
                yield return new SequencedEvent(message.Sequence, message.Name, message.Data);
                if (message.Name == "done")
                {
                    yield break;
                }
            }
        }
    }

    private async Task<RunEventMessage?> NextLiveAsync(IBusSubscription<RunEventMessage> live, CancellationToken cancellationToken)
    {
        if (live.Reader.TryRead(out var ready))
        {
            return ready;
        }
        using var quiet = new CancellationTokenSource(RecheckInterval, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
        try
        {
            return await live.Reader.WaitToReadAsync(either.Token) && live.Reader.TryRead(out var message) ? message : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
