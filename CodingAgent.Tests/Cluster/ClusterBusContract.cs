using System.Threading.Channels;
using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Cluster;

/// <summary>
/// What every <see cref="IClusterBus"/> delivers, run against the in-process bus and Redis. <see cref="Publisher"/> and
/// <see cref="Subscriber"/> are two app instances (the same object in process).
/// </summary>
public abstract class ClusterBusContract
{
    protected abstract IClusterBus Publisher { get; }
    protected abstract IClusterBus Subscriber { get; }

    protected static RunEventMessage Event(Guid runId, long sequence) =>
        new(runId, Guid.Empty, sequence, "stdout", $$"""{"text":"line {{sequence}}"}""");

    protected static async Task<T> NextAsync<T>(ChannelReader<T> reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await reader.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task A_run_subscriber_gets_the_events_of_its_run_only_in_order()
    {
        var (run, otherRun) = (Guid.NewGuid(), Guid.NewGuid());
        await using var subscription = await Subscriber.SubscribeRunAsync(run, CancellationToken.None);

        for (var sequence = 1; sequence <= 50; sequence++)
        {
            await Publisher.PublishRunEventAsync(Event(otherRun, sequence), CancellationToken.None);
            await Publisher.PublishRunEventAsync(Event(run, sequence), CancellationToken.None);
        }

        var received = new List<RunEventMessage>();
        for (var i = 0; i < 50; i++)
        {
            received.Add(await NextAsync(subscription.Reader));
        }
        Assert.All(received, e => Assert.Equal(run, e.RunId));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), received.Select(e => e.Sequence));
        Assert.Equal(Event(run, 7), received[6]);
        Assert.False(subscription.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_subscriber_gets_what_is_published_from_then_on()
    {
        var run = Guid.NewGuid();
        await Publisher.PublishRunEventAsync(Event(run, 1), CancellationToken.None);
        await using var subscription = await Subscriber.SubscribeRunAsync(run, CancellationToken.None);

        await Publisher.PublishRunEventAsync(Event(run, 2), CancellationToken.None);

        Assert.Equal(2, (await NextAsync(subscription.Reader)).Sequence);
    }

    [Fact]
    public async Task Signals_reach_every_subscriber_on_every_instance_in_order()
    {
        await using var here = await Publisher.SubscribeSignalsAsync(CancellationToken.None);
        await using var there = await Subscriber.SubscribeSignalsAsync(CancellationToken.None);
        var session = Guid.NewGuid();
        var cancel = new ClusterSignal(ClusterSignalKinds.CancelRun, session, Guid.NewGuid());
        var deleted = new ClusterSignal(ClusterSignalKinds.SessionDeleted, session, null);
        var account = new ClusterSignal(ClusterSignalKinds.AccountChanged, session, null, "user-" + session);

        await Publisher.PublishSignalAsync(cancel, CancellationToken.None);
        await Publisher.PublishSignalAsync(deleted, CancellationToken.None);
        await Publisher.PublishSignalAsync(account, CancellationToken.None);

        foreach (var subscription in new[] { here, there })
        {
            // other tests' signals may pass by on a shared bus: only this session's count
            var mine = new List<ClusterSignal>();
            while (mine.Count < 3)
            {
                if (await NextAsync(subscription.Reader) is { } signal && signal.SessionId == session)
                {
                    mine.Add(signal);
                }
            }
            Assert.Equal([cancel, deleted, account], mine);
        }
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_more_while_the_others_of_its_run_still_do()
    {
        var run = Guid.NewGuid();
        var disposed = await Subscriber.SubscribeRunAsync(run, CancellationToken.None);
        await using var kept = await Subscriber.SubscribeRunAsync(run, CancellationToken.None);
        await Publisher.PublishRunEventAsync(Event(run, 1), CancellationToken.None);
        Assert.Equal(1, (await NextAsync(disposed.Reader)).Sequence);

        await disposed.DisposeAsync();
        await Publisher.PublishRunEventAsync(Event(run, 2), CancellationToken.None);

        Assert.Equal(1, (await NextAsync(kept.Reader)).Sequence);
        Assert.Equal(2, (await NextAsync(kept.Reader)).Sequence);
        Assert.True(disposed.Reader.Completion.IsCompleted);
        Assert.False(disposed.Reader.TryRead(out _));
    }
}
