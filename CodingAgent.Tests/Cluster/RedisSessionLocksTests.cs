using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CodingAgent.Tests.Cluster;

/// <summary>
/// The lock contract on Redis, each instance with its own connection, and what only shared locks must do: expire when
/// their holder dies, be renewed while it lives, notice when they were lost, and come back after Redis lost them.
/// </summary>
public sealed class RedisSessionLocksTests(RedisWithTwoInstances redis) : SessionLocksContract, IClassFixture<RedisWithTwoInstances>
{
    private static readonly TimeSpan _shortTimeToLive = TimeSpan.FromSeconds(2);
    private readonly ConnectionMultiplexer _two = redis.Two;

    protected override ISessionLocks Instance => Locks(redis.One);
    protected override ISessionLocks OtherInstance => Locks(redis.Two);

    internal static RedisSessionLocks Locks(IConnectionMultiplexer connection) =>
        new(connection, TimeProvider.System, NullLogger<RedisSessionLocks>.Instance);

    [Fact]
    public void Redis_locks_are_shared()
    {
        Assert.True(Instance.IsShared);
    }

    [Fact]
    public async Task The_lock_is_the_run_id_under_the_documented_key_with_a_time_to_live()
    {
        var (session, run) = (Guid.NewGuid(), Guid.NewGuid());

        await using var lease = await Instance.TryAcquireAsync(session, run, TimeToLive, CancellationToken.None);

        var key = $"codingagent:session-lock:{session:N}";
        Assert.Equal(run.ToString("N"), (string?)await _two.GetDatabase().StringGetAsync(key));
        var ttl = await _two.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeToLive);
    }

    [Fact]
    public async Task A_holder_whose_instance_dies_frees_the_session_once_its_time_to_live_has_passed()
    {
        var session = Guid.NewGuid();
        var instanceA = await redis.Server.ConnectAsync();
        var lease = await Locks(instanceA).TryAcquireAsync(session, Guid.NewGuid(), _shortTimeToLive, CancellationToken.None);
        Assert.NotNull(lease);
        Assert.Null(await OtherInstance.TryAcquireAsync(session, Guid.NewGuid(), _shortTimeToLive, CancellationToken.None));

        // instance A dies without releasing: its connection goes, so nothing renews the lock any more
        await instanceA.DisposeAsync();

        var next = Guid.NewGuid();
        ISessionLease? taken = null;
        await Poll.UntilAsync(async () => (taken = await OtherInstance.TryAcquireAsync(session, next, TimeToLive, CancellationToken.None)) is not null,
            "the dead instance's lock expired");
        await using (taken)
        {
            Assert.Equal(next, await Instance.GetHolderAsync(session, CancellationToken.None));
            // the dead lease noticed too (it could not renew), and its disposal leaves the new holder alone
            await Poll.UntilCancelledAsync(lease.Lost, "the dead lease reported the lock lost");
            await lease.DisposeAsync();
            Assert.Equal(next, await Instance.GetHolderAsync(session, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_live_lease_is_renewed_past_several_times_to_live()
    {
        var (session, run) = (Guid.NewGuid(), Guid.NewGuid());
        await using var lease = await Instance.TryAcquireAsync(session, run, _shortTimeToLive, CancellationToken.None);
        Assert.NotNull(lease);

        await Task.Delay(_shortTimeToLive * 4);

        Assert.False(lease.Lost.IsCancellationRequested);
        Assert.Equal(run, await OtherInstance.GetHolderAsync(session, CancellationToken.None));
        Assert.Null(await OtherInstance.TryAcquireAsync(session, Guid.NewGuid(), _shortTimeToLive, CancellationToken.None));
    }

    [Fact]
    public async Task A_lease_whose_lock_another_run_took_reports_it_lost_and_leaves_that_runs_lock_alone()
    {
        var session = Guid.NewGuid();
        var lease = await Instance.TryAcquireAsync(session, Guid.NewGuid(), _shortTimeToLive, CancellationToken.None);
        Assert.NotNull(lease);
        var usurper = Guid.NewGuid();

        // as if the key had expired and another instance had taken it
        await _two.GetDatabase().StringSetAsync($"codingagent:session-lock:{session:N}", usurper.ToString("N"), TimeToLive);

        await Poll.UntilCancelledAsync(lease.Lost, "the lease noticed the lock is someone else's");
        await lease.DisposeAsync();
        Assert.Equal(usurper, await Instance.GetHolderAsync(session, CancellationToken.None));
    }

    [Fact]
    public async Task A_live_lease_takes_its_lock_back_when_Redis_lost_every_key()
    {
        var (session, run) = (Guid.NewGuid(), Guid.NewGuid());
        await using var lease = await Instance.TryAcquireAsync(session, run, _shortTimeToLive, CancellationToken.None);
        Assert.NotNull(lease);

        // FLUSHALL is what a restarted Redis without persistence looks like to the lease
        await _two.GetServer(_two.GetEndPoints()[0]).FlushAllDatabasesAsync();

        await Poll.UntilAsync(async () => await OtherInstance.GetHolderAsync(session, CancellationToken.None) == run, "the lease took its lock back");
        Assert.False(lease.Lost.IsCancellationRequested);
        Assert.Null(await OtherInstance.TryAcquireAsync(session, Guid.NewGuid(), _shortTimeToLive, CancellationToken.None));
    }
}
