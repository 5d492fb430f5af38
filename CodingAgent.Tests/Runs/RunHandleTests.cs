using CodingAgent.Core.Domain;
using CodingAgent.Core.Embedded;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Runs;

/// <summary>A run's events are numbered, stored before anyone hears of them, and the session is released before done is stored.</summary>
public sealed class RunHandleTests
{
    private readonly InMemoryRunStore _store = new();
    private readonly InProcessClusterBus _bus = new();

    [Fact]
    public async Task Every_event_is_stored_before_it_is_announced_and_the_session_is_released_before_done()
    {
        var run = _store.AddRunning(Guid.NewGuid());
        var runId = run.RunId!.Value;
        await using var live = await _bus.SubscribeRunAsync(runId, CancellationToken.None);
        long storedAtRelease = -1;
        using var cancellation = new CancellationTokenSource();
        var handle = new RunHandle(runId, run.SessionId, run.Id, cancellation, _store, _bus, TimeProvider.System, NullLogger.Instance, async _ =>
            storedAtRelease = (await _store.ReadAsync(runId, 0, CancellationToken.None)).Count);

        handle.Publish(new RunStartedEvent(runId, run.Id));
        for (var i = 0; i < 200; i++)
        {
            handle.Publish(new TextDeltaEvent(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        handle.Publish(new DoneEvent(RunStatuses.Completed, new UsageInfo(0, 0)));
        handle.Publish(new TextDeltaEvent("after done: dropped"));
        await handle.Finished;

        var stored = await _store.ReadAsync(runId, 0, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 202).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal("done", stored[^1].Name);
        Assert.Equal(201, storedAtRelease);
        var announced = new List<RunEventMessage>();
        while (live.Reader.TryRead(out var message))
        {
            announced.Add(message);
        }
        Assert.Equal(stored.Select(e => (e.Sequence, e.Name, e.Data)), announced.Select(m => (m.Sequence, m.Name, m.Data)));
    }

    [Fact]
    public async Task A_store_that_fails_for_a_while_gets_every_event_once_it_is_back()
    {
        var store = new FlakyEventStore(_store, failures: 3);
        var run = _store.AddRunning(Guid.NewGuid());
        var runId = run.RunId!.Value;
        using var cancellation = new CancellationTokenSource();
        var handle = new RunHandle(runId, run.SessionId, run.Id, cancellation, store, _bus, TimeProvider.System, NullLogger.Instance);

        handle.Publish(new RunStartedEvent(runId, run.Id));
        handle.Publish(new DoneEvent(RunStatuses.Completed, new UsageInfo(0, 0)));
        await handle.Finished;

        Assert.Equal(["run", "done"], (await _store.ReadAsync(runId, 0, CancellationToken.None)).Select(e => e.Name));
        Assert.Equal(0, store.FailuresLeft);
    }

    [Fact]
    public async Task Events_published_while_a_write_is_in_flight_are_stored_together_in_the_next_write()
    {
        var store = new GatedEventStore(_store);
        var run = _store.AddRunning(Guid.NewGuid());
        var runId = run.RunId!.Value;
        using var cancellation = new CancellationTokenSource();
        var handle = new RunHandle(runId, run.SessionId, run.Id, cancellation, store, _bus, TimeProvider.System, NullLogger.Instance);

        handle.Publish(new RunStartedEvent(runId, run.Id));
        await store.FirstWriteStarted;
        for (var i = 0; i < 100; i++)
        {
            handle.Publish(new TextDeltaEvent("x"));
        }
        store.Release();
        handle.Publish(new DoneEvent(RunStatuses.Completed, new UsageInfo(0, 0)));
        await handle.Finished;

        Assert.Equal(102, (await _store.ReadAsync(runId, 0, CancellationToken.None)).Count);
        // the first write (run), the 100 deltas that queued behind it in one write, and done on its own (after the release of the session)
        Assert.InRange(_store.AppendCalls, 2, 4);
    }

    private sealed class GatedEventStore(IRunEventStore inner) : IRunEventStore
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstWriteStarted => _started.Task;

        public void Release() => _release.TrySetResult();

        public async Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
        {
            _started.TrySetResult();
            await _release.Task;
            await inner.AppendAsync(events, cancellationToken);
        }

        public Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, long afterSequence, CancellationToken cancellationToken) =>
            inner.ReadAsync(runId, afterSequence, cancellationToken);
    }

    private sealed class FlakyEventStore(IRunEventStore inner, int failures) : IRunEventStore
    {
        public int FailuresLeft { get; private set; } = failures;

        public Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new TimeoutException("the database did not answer");
            }
            return inner.AppendAsync(events, cancellationToken);
        }

        public Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, long afterSequence, CancellationToken cancellationToken) =>
            inner.ReadAsync(runId, afterSequence, cancellationToken);
    }
}
