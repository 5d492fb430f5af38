using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// Independent queries on two connections to one DuckDB database (the sample's queries and the per-column passes): both
/// connections work at once, every result comes back in the items' order, and a failure on one stops the other.
/// </summary>
public sealed class TwoConnectionsTests : IClassFixture<ProfilerFixture>
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(60);
    private readonly ProfilerFixture _fixture;

    public TwoConnectionsTests(ProfilerFixture fixture) => _fixture = fixture;

    [Fact]
    public void Items_run_on_both_connections_at_once_and_return_in_the_items_order()
    {
        using var db = new DuckDbSession(new ProfilerSettings(512, 1, _fixture.Scratch), _fixture.Scratch);
        db.Execute("CREATE TABLE t AS SELECT range AS x FROM range(1000)");
        using var second = db.Duplicate();
        using var bothStarted = new CountdownEvent(2);
        var sessions = new DuckDbSession?[6];
        var items = Enumerable.Range(0, 6).Select(k => (Func<DuckDbSession, long>)(session =>
        {
            sessions[k] = session;
            if (k < 2)
            {
                // the first two items wait for each other: only two connections working at once get past this
                bothStarted.Signal();
                Assert.True(bothStarted.Wait(_patience), "the two connections did not work at once");
            }
            return session.Scalar($"SELECT sum(x) FROM t WHERE x % 6 = {k}");
        })).ToList();

        var results = TwoConnections.Run(db, second, items, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 6).Select(k => Enumerable.Range(0, 1000).Where(x => x % 6 == k).Sum(x => (long)x)), results);
        Assert.Contains(db, sessions);
        Assert.Contains(second, sessions);
    }

    [Fact]
    public void Without_a_second_connection_the_items_run_in_order_on_the_first()
    {
        using var db = new DuckDbSession(new ProfilerSettings(512, 1, _fixture.Scratch), _fixture.Scratch);
        var order = new List<int>();
        var items = Enumerable.Range(0, 4).Select(k => (Func<DuckDbSession, int>)(session =>
        {
            Assert.Same(db, session);
            order.Add(k);
            return (int)session.Scalar($"SELECT {k} * 10");
        })).ToList();

        Assert.Equal([0, 10, 20, 30], TwoConnections.Run(db, null, items, CancellationToken.None));
        Assert.Equal([0, 1, 2, 3], order);
    }

    [Fact]
    public void A_failure_is_thrown_as_it_was_once_the_other_connection_has_finished_its_item()
    {
        using var db = new DuckDbSession(new ProfilerSettings(512, 1, _fixture.Scratch), _fixture.Scratch);
        using var second = db.Duplicate();
        using var failed = new ManualResetEventSlim();
        var running = 0;
        var items = Enumerable.Range(0, 50).Select(k => (Func<DuckDbSession, long>)(session =>
        {
            if (k == 0)
            {
                try
                {
                    return session.Scalar("SELECT no_such_column FROM range(1)");
                }
                finally
                {
                    failed.Set();
                }
            }
            Interlocked.Increment(ref running);
            try
            {
                // the other connection's item is still at work when the failure comes
                Assert.True(failed.Wait(_patience));
                return session.Scalar($"SELECT {k}");
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        })).ToList();

        var thrown = Assert.ThrowsAny<Exception>(() => TwoConnections.Run(db, second, items, CancellationToken.None));

        Assert.Contains("no_such_column", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref running));
    }
}
