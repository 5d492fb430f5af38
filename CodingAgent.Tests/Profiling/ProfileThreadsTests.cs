using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// The profile's DuckDB threads once the tables are loaded: one fewer than allowed where two connections share the
/// work (each connection's own thread works next to the pool's), one for small wide tables, all of them for large tables.
/// </summary>
public sealed class ProfileThreadsTests : IClassFixture<ProfilerFixture>
{
    private readonly ProfilerFixture _fixture;

    public ProfileThreadsTests(ProfilerFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData(127_458, 10, 4, 3)]
    [InlineData(DuckDbSession.TwoConnectionsUpToRows, 10, 2, 1)]
    [InlineData(DuckDbSession.TwoConnectionsUpToRows + 1, 10, 4, 4)]
    [InlineData(5, 20_000, 4, 1)]
    [InlineData(127_458, 10, 1, 1)]
    public void The_profile_s_threads_follow_the_rows_and_columns(long rows, int columns, int allowed, long expected)
    {
        using var db = new DuckDbSession(new ProfilerSettings(512, allowed, _fixture.Scratch), _fixture.Scratch);

        db.SetProfileThreads(rows, columns, allowed);

        Assert.Equal(expected, db.Scalar("SELECT CAST(current_setting('threads') AS BIGINT)"));
    }
}
