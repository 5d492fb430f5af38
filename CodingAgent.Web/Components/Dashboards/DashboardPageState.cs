using CodingAgent.Core.Dashboards;
using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Components.Dashboards;

/// <summary>What the dashboard page shows and does: load, refresh all or one tile (one at a time), remove a tile, rename.</summary>
public sealed class DashboardPageState(DashboardService dashboards, DashboardRefresher refresher)
{
    private readonly HashSet<Guid> _refreshing = [];

    public Dashboard? Dashboard { get; private set; }
    public IReadOnlyList<DashboardTile> Tiles { get; private set; } = [];
    public string? Error { get; private set; }
    public bool IsRefreshingAll { get; private set; }

    public bool IsRefreshing(Guid tileId) => IsRefreshingAll || _refreshing.Contains(tileId);

    public async Task LoadAsync(Guid id)
    {
        await Refusable(async () => (Dashboard, Tiles) = await dashboards.GetAsync(id, CancellationToken.None));
        if (Dashboard?.Id != id)
        {
            Dashboard = null;
            Tiles = [];
        }
    }

    public async Task RefreshAllAsync()
    {
        if (Dashboard is not { } dashboard || IsRefreshingAll)
        {
            return;
        }
        IsRefreshingAll = true;
        try
        {
            await Refusable(async () => Tiles = await refresher.RefreshAllAsync(dashboard.Id, CancellationToken.None));
        }
        finally
        {
            IsRefreshingAll = false;
        }
    }

    public async Task RefreshTileAsync(Guid tileId)
    {
        if (Dashboard is not { } dashboard || !_refreshing.Add(tileId))
        {
            return;
        }
        try
        {
            await Refusable(async () =>
            {
                if (await refresher.RefreshTileAsync(dashboard.Id, tileId, CancellationToken.None) is { } tile)
                {
                    Tiles = [.. Tiles.Select(t => t.Id == tileId ? tile : t)];
                }
            });
        }
        finally
        {
            _refreshing.Remove(tileId);
        }
    }

    public async Task RemoveTileAsync(Guid tileId)
    {
        if (Dashboard is not { } dashboard)
        {
            return;
        }
        await Refusable(async () =>
        {
            await dashboards.RemoveTileAsync(dashboard.Id, tileId, CancellationToken.None);
            Tiles = [.. Tiles.Where(t => t.Id != tileId)];
        });
    }

    public void DismissError() => Error = null;

    private async Task Refusable(Func<Task> action)
    {
        Error = null;
        try
        {
            await action();
        }
        catch (DashboardException ex)
        {
            Error = ex.Message;
        }
    }
}
