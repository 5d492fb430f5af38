using CodingAgent.Core.Domain;
using CodingAgent.Core.Embedded;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;

namespace CodingAgent.Tests.Runs;

/// <summary>A follower reads the store, then the bus; it goes back to the store on a gap and ends runs that ended silently.</summary>
public sealed class RunFollowerTests
{
    private readonly InMemoryRunStore _store = new();
    private readonly InProcessClusterBus _bus = new();

    [Fact]
    public async Task A_follower_replays_the_store_then_follows_the_bus_and_fills_a_gap_from_the_store()
    {
        var run = _store.AddRunning(Guid.NewGuid());
        var runId = run.RunId!.Value;
        await StoreAsync(run, 1, new RunStartedEvent(runId, run.Id), new TextDeltaEvent("a"));
        var follower = new RunFollower(_store, _store, _bus, TimeProvider.System);
        var seen = new List<(long, string)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var following = Task.Run(async () =>
        {
            await foreach (var e in follower.FollowAsync(runId, 0, timeout.Token))
            {
                lock (seen)
                {
                    seen.Add((e.Sequence, e.Name));
                }
            }
        });
        await WaitUntilAsync(() => seen.Count == 2);

        // event 3 is stored but its announcement is lost; event 4 arrives on the bus: the follower fetches 3 from the store
        await StoreAsync(run, 3, new TextDeltaEvent("b"), new TextDeltaEvent("c"));
        await AnnounceAsync(run, 4, "text", new TextDeltaEvent("c"));
        await WaitUntilAsync(() => seen.Count == 4);
        await StoreAsync(run, 5, new DoneEvent(RunStatuses.Completed, new UsageInfo(0, 0)));
        await AnnounceAsync(run, 5, "done", new DoneEvent(RunStatuses.Completed, new UsageInfo(0, 0)));
        await following;

        Assert.Equal([(1L, "run"), (2L, "text"), (3L, "text"), (4L, "text"), (5L, "done")], seen);
    }

    [Fact]
    public async Task A_run_that_ended_without_a_stored_done_ends_with_one_made_from_its_status()
    {
        var run = _store.AddRunning(Guid.NewGuid());
        await StoreAsync(run, 1, new RunStartedEvent(run.RunId!.Value, run.Id), new FinalEvent("Done."));
        run.Status = RunStatuses.Completed;
        run.InputTokens = 7;
        var follower = new RunFollower(_store, _store, _bus, TimeProvider.System);

        var events = new List<SequencedEvent>();
        await foreach (var e in follower.FollowAsync(run.RunId!.Value, 1))
        {
            events.Add(e);
        }

        Assert.Equal([(2L, "final"), (3L, "done")], events.Select(e => (e.Sequence, e.Name)));
        var done = Assert.IsType<DoneEvent>(events[^1].ToEvent());
        Assert.Equal((RunStatuses.Completed, 7L), (done.Status, done.Usage.InputTokens));
    }

    [Fact]
    public async Task Following_an_unknown_run_ends_at_once()
    {
        var follower = new RunFollower(_store, _store, _bus, TimeProvider.System);

        var events = new List<SequencedEvent>();
        await foreach (var e in follower.FollowAsync(Guid.NewGuid(), 0))
        {
            events.Add(e);
        }

        Assert.Empty(events);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting");
            await Task.Delay(10);
        }
    }

    private Task StoreAsync(ConversationMessage run, long first, params AgentEvent[] events) =>
        _store.AppendAsync([.. events.Select((e, i) => new RunEvent
        {
            RunId = run.RunId!.Value,
            SessionId = run.SessionId,
            Sequence = first + i,
            Name = e.EventName,
            Data = AgentEventJson.Serialize(e),
        })], CancellationToken.None);

    private Task AnnounceAsync(ConversationMessage run, long sequence, string name, AgentEvent e) =>
        _bus.PublishRunEventAsync(new RunEventMessage(run.RunId!.Value, run.SessionId, sequence, name, AgentEventJson.Serialize(e)), CancellationToken.None);
}
