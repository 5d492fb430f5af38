using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Cluster;

/// <summary>
/// What every <see cref="ISessionLocks"/> guarantees, run against the in-process locks and Redis. <see cref="Instance"/>
/// and <see cref="OtherInstance"/> are two app instances' views of the locks (the same object in process).
/// </summary>
public abstract class SessionLocksContract
{
    protected static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    protected abstract ISessionLocks Instance { get; }
    protected abstract ISessionLocks OtherInstance { get; }

    [Fact]
    public async Task Only_one_run_at_a_time_holds_a_session_and_a_second_run_learns_which()
    {
        var session = Guid.NewGuid();
        var first = Guid.NewGuid();

        await using var lease = await Instance.TryAcquireAsync(session, first, TimeToLive, CancellationToken.None);
        var second = await OtherInstance.TryAcquireAsync(session, Guid.NewGuid(), TimeToLive, CancellationToken.None);
        var third = await Instance.TryAcquireAsync(session, Guid.NewGuid(), TimeToLive, CancellationToken.None);

        Assert.NotNull(lease);
        Assert.Equal(session, lease.SessionId);
        Assert.Equal(first, lease.RunId);
        Assert.Null(second);
        Assert.Null(third);
        Assert.Equal(first, await OtherInstance.GetHolderAsync(session, CancellationToken.None));
        Assert.False(lease.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task Other_sessions_are_locked_independently()
    {
        var (one, two) = (Guid.NewGuid(), Guid.NewGuid());
        var (runOne, runTwo) = (Guid.NewGuid(), Guid.NewGuid());

        await using var first = await Instance.TryAcquireAsync(one, runOne, TimeToLive, CancellationToken.None);
        await using var second = await OtherInstance.TryAcquireAsync(two, runTwo, TimeToLive, CancellationToken.None);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(runOne, await Instance.GetHolderAsync(one, CancellationToken.None));
        Assert.Equal(runTwo, await Instance.GetHolderAsync(two, CancellationToken.None));
    }

    [Fact]
    public async Task A_free_session_has_no_holder()
    {
        Assert.Null(await Instance.GetHolderAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Releasing_frees_the_session_for_the_next_run()
    {
        var session = Guid.NewGuid();
        var lease = await Instance.TryAcquireAsync(session, Guid.NewGuid(), TimeToLive, CancellationToken.None);
        Assert.NotNull(lease);

        await lease.DisposeAsync();

        Assert.Null(await OtherInstance.GetHolderAsync(session, CancellationToken.None));
        var next = Guid.NewGuid();
        await using var nextLease = await OtherInstance.TryAcquireAsync(session, next, TimeToLive, CancellationToken.None);
        Assert.NotNull(nextLease);
        Assert.Equal(next, await Instance.GetHolderAsync(session, CancellationToken.None));
    }

    [Fact]
    public async Task A_released_lease_disposed_again_leaves_the_next_runs_lock_alone()
    {
        var session = Guid.NewGuid();
        var old = await Instance.TryAcquireAsync(session, Guid.NewGuid(), TimeToLive, CancellationToken.None);
        Assert.NotNull(old);
        await old.DisposeAsync();
        var next = Guid.NewGuid();
        await using var nextLease = await OtherInstance.TryAcquireAsync(session, next, TimeToLive, CancellationToken.None);
        Assert.NotNull(nextLease);

        await old.DisposeAsync();

        Assert.Equal(next, await Instance.GetHolderAsync(session, CancellationToken.None));
        Assert.Null(await Instance.TryAcquireAsync(session, Guid.NewGuid(), TimeToLive, CancellationToken.None));
    }

    [Fact]
    public async Task Of_runs_racing_for_one_session_exactly_one_wins()
    {
        var session = Guid.NewGuid();
        var runs = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToList();

        var leases = await Task.WhenAll(runs.Select((run, i) =>
            (i % 2 == 0 ? Instance : OtherInstance).TryAcquireAsync(session, run, TimeToLive, CancellationToken.None)));

        var winner = Assert.Single(leases, l => l is not null)!;
        Assert.Equal(winner.RunId, await Instance.GetHolderAsync(session, CancellationToken.None));
        await winner.DisposeAsync();
    }
}
