using CodingAgent.Core.Dashboards;
using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Components.Dashboards;

/// <summary>What the dashboard page shows and does: load, refresh all or one tile (one at a time), remove a tile, rename.</summary>
public sealed class DashboardPageState(DashboardService dashboards, DashboardRefresher refresher, Access.DashboardAccess access, Access.CircuitUser user)
{
    private readonly HashSet<Guid> _refreshing = [];

    public Dashboard? Dashboard { get; private set; }
    public IReadOnlyList<DashboardTile> Tiles { get; private set; } = [];
    public string? Error { get; private set; }
    public bool IsRefreshingAll { get; private set; }

    /// <summary>Whether the signed-in user owns the dashboard (refreshing runs code; a shared dashboard is read-only).</summary>
    public bool CanChange { get; private set; }

    public bool IsRefreshing(Guid tileId) => IsRefreshingAll || _refreshing.Contains(tileId);

    public async Task LoadAsync(Guid id)
    {
        // another user's dashboard that is not shared with this one is shown like an unknown id
        if (await access.FindAsync(id, await user.GetAsync(), CancellationToken.None) is null)
        {
            Error = $"There is no dashboard {id}.";
            Dashboard = null;
            Tiles = [];
            return;
        }
        CanChange = await access.CheckAsync(id, await user.GetAsync(), Access.AccessLevel.Write, CancellationToken.None) == Access.AccessVerdict.Allowed;
        await Refusable(async () => (Dashboard, Tiles) = await dashboards.GetAsync(id, CancellationToken.None));
        if (Dashboard?.Id != id)
        {
            Dashboard = null;
            Tiles = [];
        }
    }

    public async Task RefreshAllAsync()
    {
        if (Dashboard is not { } dashboard || IsRefreshingAll || !Changeable())
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
        if (Dashboard is not { } dashboard || !Changeable() || !_refreshing.Add(tileId))
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
        if (Dashboard is not { } dashboard || !Changeable())
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

    private bool Changeable()
    {
        if (!CanChange)
        {
            Error = "This dashboard is shared with you read-only: only its owner can refresh or change it.";
        }
        return CanChange;
    }

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
