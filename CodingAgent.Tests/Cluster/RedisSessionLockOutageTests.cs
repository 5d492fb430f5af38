using CodingAgent.Tests.Infrastructure;
using StackExchange.Redis;

namespace CodingAgent.Tests.Cluster;

/// <summary>
/// A lease while Redis itself goes down and comes back (empty: no persistence). The rule: an outage over before the
/// lease's renewals run out (always when shorter than a third of the time to live) is survived, the lease taking its
/// vanished key back once Redis answers again; after a whole time to live without a renewal the lease reports
/// <c>Lost</c> and never takes the key again, so the next run gets the session.
/// </summary>
public sealed class RedisSessionLockOutageTests(RedisWithTwoInstances redis) : IClassFixture<RedisWithTwoInstances>
{
    private readonly ConnectionMultiplexer _instance = redis.One;
    private readonly ConnectionMultiplexer _other = redis.Two;

    [Fact]
    public async Task A_lease_keeps_its_lock_through_a_Redis_restart_shorter_than_its_time_to_live()
    {
        var (session, run) = (Guid.NewGuid(), Guid.NewGuid());
        var locks = RedisSessionLocksTests.Locks(_instance);
        var other = RedisSessionLocksTests.Locks(_other);
        await using var lease = await locks.TryAcquireAsync(session, run, TimeSpan.FromSeconds(45), CancellationToken.None);
        Assert.NotNull(lease);

        await redis.Server.StopAsync();
        await redis.Server.StartAsync();

        await Poll.UntilAsync(async () => await HolderOrNullAsync(other, session) == run, "the lease took its lock back from the restarted Redis");
        Assert.False(lease.Lost.IsCancellationRequested);
        Assert.Null(await other.TryAcquireAsync(session, Guid.NewGuid(), TimeSpan.FromSeconds(45), CancellationToken.None));
    }

    [Fact]
    public async Task A_lease_that_could_not_renew_for_a_whole_time_to_live_reports_lost_and_the_session_is_free_after_Redis_is_back()
    {
        var session = Guid.NewGuid();
        var locks = RedisSessionLocksTests.Locks(_instance);
        var other = RedisSessionLocksTests.Locks(_other);
        await using var lease = await locks.TryAcquireAsync(session, Guid.NewGuid(), TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.NotNull(lease);

        await redis.Server.StopAsync();
        // while Redis is down the locks fail (the app answers 503), they do not hang
        await Assert.ThrowsAnyAsync<RedisException>(() => other.GetHolderAsync(session, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15)));
        await Poll.UntilCancelledAsync(lease.Lost, "the lease reported its lock lost during the outage");
        await redis.Server.StartAsync();

        var next = Guid.NewGuid();
        await Poll.UntilAsync(async () => await AnswersAsync(_instance) && await AnswersAsync(_other), "both instances reach Redis again");
        Assert.Null(await other.GetHolderAsync(session, CancellationToken.None));
        await using var nextLease = await other.TryAcquireAsync(session, next, TimeSpan.FromSeconds(45), CancellationToken.None);
        Assert.NotNull(nextLease);
        // the lost lease neither took the key back nor releases the new holder's lock
        await lease.DisposeAsync();
        Assert.Equal(next, await other.GetHolderAsync(session, CancellationToken.None));
    }

    private static async Task<bool> AnswersAsync(ConnectionMultiplexer connection)
    {
        try
        {
            await connection.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    /// <summary>The holder, or null while the connection is still coming back (as a failing call).</summary>
    private static async Task<Guid?> HolderOrNullAsync(Web.Redis.RedisSessionLocks locks, Guid session)
    {
        try
        {
            return await locks.GetHolderAsync(session, CancellationToken.None);
        }
        catch (RedisException)
        {
            return null;
        }
    }
}
