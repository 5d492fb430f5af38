using Bunit;
using CodingAgent.Core.Domain;
using CodingAgent.Web.Components.Dashboards;
using MudBlazor.Services;

namespace CodingAgent.Tests.Dashboards;

/// <summary>A dashboard tile: its chart, when it was computed, the last refresh's error, and what it offers.</summary>
public sealed class DashboardTileCardTests : BunitContext
{
    private static readonly DateTimeOffset _now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public DashboardTileCardTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    private static DashboardTile Tile(Action<DashboardTile>? change = null)
    {
        var artifact = Guid.NewGuid();
        var tile = new DashboardTile
        {
            Id = Guid.NewGuid(),
            SessionId = Guid.NewGuid(),
            SourceArtifactId = artifact,
            CurrentArtifactId = artifact,
            Kind = ArtifactKinds.Chart,
            Title = "Amounts by region",
            LastComputedAt = _now.AddMinutes(-5),
        };
        change?.Invoke(tile);
        return tile;
    }

    [Fact]
    public async Task A_tile_shows_its_chart_and_when_it_was_computed_and_refreshes_on_click()
    {
        var tile = Tile();
        var refreshed = 0;

        var cut = Render<DashboardTileCard>(p => p
            .Add(x => x.Tile, tile)
            .Add(x => x.Now, _now)
            .Add(x => x.OnRefresh, () => refreshed++));

        Assert.Equal("Amounts by region", cut.Find("[data-testid=tile-title]").TextContent);
        Assert.Equal(tile.CurrentArtifactId.ToString(), cut.Find("[data-testid=plotly-chart]").GetAttribute("data-artifact"));
        Assert.Equal("Computed 5 min ago", cut.Find("[data-testid=tile-computed]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=tile-error]"));
        await cut.Find("[data-testid=tile-refresh]").ClickAsync(new());
        Assert.Equal(1, refreshed);
    }

    [Fact]
    public void A_failed_refresh_shows_the_error_beside_the_previous_chart()
    {
        var tile = Tile(t =>
        {
            t.LastError = "KeyError: 'region'";
            t.LastRefreshedAt = _now.AddSeconds(-10);
        });

        var cut = Render<DashboardTileCard>(p => p.Add(x => x.Tile, tile).Add(x => x.Now, _now));

        Assert.Contains("KeyError: 'region'", cut.Find("[data-testid=tile-error]").TextContent);
        Assert.Contains("just now", cut.Find("[data-testid=tile-error]").TextContent);
        Assert.Single(cut.FindAll("[data-testid=plotly-chart]"));
    }

    [Fact]
    public void A_tile_whose_session_was_deleted_says_so_and_cannot_be_refreshed_but_can_be_removed()
    {
        var tile = Tile(t => (t.SessionId, t.SourceArtifactId, t.CurrentArtifactId) = (null, null, null));

        var cut = Render<DashboardTileCard>(p => p.Add(x => x.Tile, tile).Add(x => x.Now, _now));

        Assert.Contains("was deleted", cut.Find("[data-testid=tile-source-gone]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=plotly-chart]"));
        Assert.True(cut.Find("[data-testid=tile-refresh]").HasAttribute("disabled"));
        Assert.False(cut.Find("[data-testid=tile-remove]").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData(30, "just now")]
    [InlineData(60 * 59, "59 min ago")]
    [InlineData(60 * 60 * 5, "5 h ago")]
    [InlineData(60 * 60 * 48, "2026-02-27 12:00 UTC")]
    public void Computed_times_read_as_an_age_then_as_a_utc_date(int secondsAgo, string text)
    {
        Assert.Equal(text, ComputedTime.Describe(_now.AddSeconds(-secondsAgo), _now));
    }
}
