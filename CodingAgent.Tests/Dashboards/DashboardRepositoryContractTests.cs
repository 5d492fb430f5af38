using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Dashboards;

/// <summary>What every <see cref="IDashboardRepository"/> must do, on each provider, on a fresh migrated database per test.</summary>
public abstract class DashboardRepositoryContractTests : IAsyncLifetime
{
    private static readonly CancellationToken _none = CancellationToken.None;
    private DatabaseHost _database = null!;

    private IDashboardRepository Dashboards => _database.Dashboards;
    private ISessionRepository Sessions => _database.Sessions;

    protected abstract Task<DatabaseHost> OpenDatabaseAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _database = await OpenDatabaseAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await CleanUpAsync();
    }

    [Fact]
    public async Task The_list_holds_the_users_own_dashboards_and_those_shared_with_them()
    {
        var alices = await Dashboards.CreateAsync("Alice's", "alice", _none);
        var bobsPrivate = await Dashboards.CreateAsync("Bob's", "bob", _none);
        var bobsShared = await Dashboards.CreateAsync("Bob's shared", "bob", _none);
        await _database.ShareAsync(CodingAgent.Web.Sharing.ShareKinds.Dashboard, bobsShared.Id, "alice");

        Assert.Equal(new[] { alices.Id, bobsShared.Id }.Order(), (await Dashboards.ListAsync("alice", _none)).Select(d => d.Id).Order());
        Assert.Equal(new[] { bobsPrivate.Id, bobsShared.Id }.Order(), (await Dashboards.ListAsync("bob", _none)).Select(d => d.Id).Order());
        Assert.Equal("bob", (await Dashboards.GetAsync(bobsShared.Id, _none))!.OwnerId);
    }

    [Fact]
    public async Task Tiles_are_kept_in_pin_order_refreshed_and_removed_and_go_with_their_dashboard()
    {
        var (session, chart) = await SessionWithArtifactAsync();
        var dashboard = await Dashboards.CreateAsync("Sales", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var first = await Dashboards.AddTileAsync(Tile(dashboard.Id, session.Id, chart, "first"), _none);
        var second = await Dashboards.AddTileAsync(Tile(dashboard.Id, session.Id, chart, "second"), _none);
        Assert.Equal([0, 1], new[] { first.Position, second.Position });

        var refreshed = Artifact(session.Id);
        var at = DateTimeOffset.UtcNow;
        Assert.True(await Dashboards.SetComputedAsync(second.Id, refreshed, at, _none));
        await Dashboards.SetFailedAsync(first.Id, "KeyError: 'region'", at, _none);

        var tiles = await Dashboards.ListTilesAsync(dashboard.Id, _none);
        Assert.Equal(["first", "second"], tiles.Select(t => t.Title));
        Assert.Equal((chart.Id, "KeyError: 'region'"), (tiles[0].CurrentArtifactId, tiles[0].LastError));
        Assert.Equal((refreshed.Id, (string?)null, chart.Id), (tiles[1].CurrentArtifactId, tiles[1].LastError, tiles[1].SourceArtifactId));
        Assert.NotNull(await Sessions.GetArtifactAsync(refreshed.Id, _none));
        Assert.True(await Dashboards.RemoveTileAsync(dashboard.Id, first.Id, _none));
        Assert.False(await Dashboards.RemoveTileAsync(dashboard.Id, first.Id, _none));
        Assert.True(await Dashboards.DeleteAsync(dashboard.Id, _none));
        Assert.Empty(await Dashboards.ListTilesAsync(dashboard.Id, _none));
        Assert.Null(await Dashboards.GetAsync(dashboard.Id, _none));
    }

    [Fact]
    public async Task Deleting_the_session_clears_the_tiles_source_and_artifact_but_keeps_the_tile()
    {
        var (session, chart) = await SessionWithArtifactAsync();
        var dashboard = await Dashboards.CreateAsync("Orphans", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var tile = await Dashboards.AddTileAsync(Tile(dashboard.Id, session.Id, chart, "kept"), _none);

        Assert.True(await Sessions.DeleteSessionAsync(session.Id, _none));

        var kept = (await Dashboards.GetTileAsync(dashboard.Id, tile.Id, _none))!;
        Assert.Equal(("kept", ArtifactKinds.Chart), (kept.Title, kept.Kind));
        Assert.Equal((null, null, null), (kept.SessionId, kept.SourceArtifactId, kept.CurrentArtifactId));
        Assert.False(await Dashboards.SetComputedAsync(tile.Id, Artifact(session.Id), DateTimeOffset.UtcNow, _none));
    }

    [Fact]
    public async Task Dashboards_are_listed_most_recently_changed_first_and_renamed()
    {
        var first = await Dashboards.CreateAsync("first", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var second = await Dashboards.CreateAsync("second", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);

        Assert.True(await Dashboards.RenameAsync(first.Id, "renamed", _none));

        Assert.Equal([first.Id, second.Id], (await Dashboards.ListAsync(CodingAgent.Core.Users.CurrentUser.Local.Id, _none)).Select(d => d.Id));
        Assert.Equal("renamed", (await Dashboards.GetAsync(first.Id, _none))!.Name);
        Assert.False(await Dashboards.RenameAsync(Guid.NewGuid(), "x", _none));
    }

    private async Task<(Session Session, Artifact Chart)> SessionWithArtifactAsync()
    {
        var session = await Sessions.CreateSessionAsync("s", CodingAgent.Core.Users.CurrentUser.Local.Id, _none);
        var chart = Artifact(session.Id);
        await Sessions.AddArtifactAsync(chart, _none);
        return (session, chart);
    }

    private static Artifact Artifact(Guid sessionId) => new()
    {
        Id = Guid.NewGuid(),
        SessionId = sessionId,
        Kind = ArtifactKinds.Chart,
        Name = "chart.json",
        MediaType = "application/vnd.plotly.v1+json",
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static DashboardTile Tile(Guid dashboardId, Guid sessionId, Artifact artifact, string title) => new()
    {
        Id = Guid.NewGuid(),
        DashboardId = dashboardId,
        SessionId = sessionId,
        SourceArtifactId = artifact.Id,
        CurrentArtifactId = artifact.Id,
        Kind = artifact.Kind,
        Title = title,
        CreatedAt = DateTimeOffset.UtcNow,
        LastComputedAt = artifact.CreatedAt,
    };
}
