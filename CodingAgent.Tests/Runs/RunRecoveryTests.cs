using CodingAgent.Core.Agent;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Embedded;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CodingAgent.Tests.Runs;

/// <summary>Which runs count as dead, and what is kept of them.</summary>
public sealed class RunRecoveryTests
{
    private readonly InMemoryRunStore _store = new();
    private readonly InProcessClusterBus _bus = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task With_shared_locks_a_run_without_a_lock_is_ended_on_the_second_check_with_its_streamed_step()
    {
        var locks = new SharedLocksWithoutHolders();
        var run = _store.AddRunning(Guid.NewGuid());
        var step = Guid.NewGuid();
        await StoreAsync(run, new RunStartedEvent(run.RunId!.Value, run.Id), new TextDeltaEvent("Loading the data."),
            new CodeEvent(step, "print('half')\nsleep()"), new StdoutEvent(step, "half"), new StdoutEvent(step, "way\n"));
        var recovery = Recovery(locks);
        await using var follower = await _bus.SubscribeRunAsync(run.RunId!.Value, CancellationToken.None);

        Assert.Equal(0, await recovery.SweepAsync(CancellationToken.None));
        Assert.Equal(RunStatuses.Running, run.Status);
        Assert.Equal(1, await recovery.SweepAsync(CancellationToken.None));

        Assert.Equal(RunStatuses.Interrupted, run.Status);
        Assert.Equal("Loading the data.", run.Content);
        Assert.Equal(RunRecovery.DiedReason, run.Error);
        var kept = Assert.Single(run.Steps);
        Assert.Equal((step, 1, "halfway\n", false, RunTranscript.UnfinishedStepError), (kept.Id, kept.Index, kept.Stdout, kept.Succeeded, kept.ErrorType));
        var events = await _store.ReadAsync(run.RunId!.Value, 5, CancellationToken.None);
        Assert.Equal([(6L, "error"), (7L, "done")], events.Select(e => (e.Sequence, e.Name)));
        Assert.Equal(RunStatuses.Interrupted, Assert.IsType<DoneEvent>(AgentEventJson.Deserialize("done", events[1].Data)).Status);
        // followers on other instances hear of it
        Assert.True(follower.Reader.TryRead(out var first) && first.Sequence == 6);
        Assert.True(follower.Reader.TryRead(out var second) && second.Name == "done");
    }

    [Fact]
    public async Task A_run_whose_lock_is_held_is_left_alone_however_often_it_is_checked()
    {
        var locks = new SharedLocksWithoutHolders();
        var run = _store.AddRunning(Guid.NewGuid());
        locks.Holders[run.SessionId] = run.RunId!.Value;
        var recovery = Recovery(locks);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, await recovery.SweepAsync(CancellationToken.None));
        }
        Assert.Equal(RunStatuses.Running, run.Status);
    }

    [Fact]
    public async Task A_lock_that_comes_back_between_two_checks_clears_the_suspicion()
    {
        var locks = new SharedLocksWithoutHolders();
        var run = _store.AddRunning(Guid.NewGuid());
        var recovery = Recovery(locks);

        Assert.Equal(0, await recovery.SweepAsync(CancellationToken.None));
        // the lock store restarted and the running instance took its lock back
        locks.Holders[run.SessionId] = run.RunId!.Value;
        Assert.Equal(0, await recovery.SweepAsync(CancellationToken.None));
        locks.Holders.Clear();
        Assert.Equal(0, await recovery.SweepAsync(CancellationToken.None));

        Assert.Equal(RunStatuses.Running, run.Status);
    }

    [Fact]
    public async Task With_in_process_locks_an_orphaned_run_is_ended_at_the_first_check()
    {
        var run = _store.AddRunning(Guid.NewGuid());
        var recovery = Recovery(new InProcessSessionLocks());

        Assert.Equal(1, await recovery.SweepAsync(CancellationToken.None));

        Assert.Equal(RunStatuses.Interrupted, run.Status);
        Assert.Equal(["error", "done"], (await _store.ReadAsync(run.RunId!.Value, 0, CancellationToken.None)).Select(e => e.Name));
    }

    [Fact]
    public async Task A_run_whose_done_was_stored_is_marked_without_a_second_done()
    {
        var run = _store.AddRunning(Guid.NewGuid());
        await StoreAsync(run, new RunStartedEvent(run.RunId!.Value, run.Id), new FinalEvent("All fine."), new DoneEvent(RunStatuses.Completed, new UsageInfo(1, 2)));
        var recovery = Recovery(new InProcessSessionLocks());

        Assert.Equal(1, await recovery.SweepAsync(CancellationToken.None));

        Assert.Equal(["run", "final", "done"], (await _store.ReadAsync(run.RunId!.Value, 0, CancellationToken.None)).Select(e => e.Name));
    }

    private RunRecovery Recovery(ISessionLocks locks)
    {
        var options = Options.Create(new RunOptions());
        var runs = new RunManager(null!, new CodingAgent.Core.Agent.TokenBudgets(_store, Options.Create(new CodingAgent.Core.Agent.AgentOptions()), _time), _store, locks, _store, _bus, options, _time, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLoggerFactory.Instance);
        return new RunRecovery(_store, _store, _bus, locks, runs, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), options, _time, NullLogger<RunRecovery>.Instance);
    }

    private async Task StoreAsync(ConversationMessage run, params AgentEvent[] events) =>
        await _store.AppendAsync([.. events.Select((e, i) => new RunEvent
        {
            RunId = run.RunId!.Value,
            SessionId = run.SessionId,
            Sequence = i + 1,
            Name = e.EventName,
            Data = AgentEventJson.Serialize(e),
            CreatedAt = _time.GetUtcNow(),
        })], CancellationToken.None);
}
