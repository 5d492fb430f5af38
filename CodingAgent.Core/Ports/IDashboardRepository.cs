using CodingAgent.Core.Domain;

namespace CodingAgent.Core.Ports;

/// <summary>Dashboards and their pinned tiles (EF Core adapter in Web: SQLite or PostgreSQL).</summary>
public interface IDashboardRepository
{
    /// <summary>A new dashboard belonging to <paramref name="ownerId"/> (a <see cref="Users.CurrentUser.Id"/>).</summary>
    Task<Dashboard> CreateAsync(string name, string ownerId, CancellationToken cancellationToken);

    Task<Dashboard?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The dashboards <paramref name="userId"/> owns and those shared with them, most recently changed first.</summary>
    Task<IReadOnlyList<Dashboard>> ListAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Renames a dashboard; false for an unknown one.</summary>
    Task<bool> RenameAsync(Guid id, string name, CancellationToken cancellationToken);

    /// <summary>Deletes a dashboard and its tiles (the artifacts stay with their sessions); false for an unknown one.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The dashboard's tiles by <see cref="DashboardTile.Position"/>.</summary>
    Task<IReadOnlyList<DashboardTile>> ListTilesAsync(Guid dashboardId, CancellationToken cancellationToken);

    Task<DashboardTile?> GetTileAsync(Guid dashboardId, Guid tileId, CancellationToken cancellationToken);

    /// <summary>Adds a tile after the dashboard's last one (its <see cref="DashboardTile.Position"/> is set here).</summary>
    Task<DashboardTile> AddTileAsync(DashboardTile tile, CancellationToken cancellationToken);

    /// <summary>Removes a tile; false for an unknown one.</summary>
    Task<bool> RemoveTileAsync(Guid dashboardId, Guid tileId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a refreshed artifact (an artifact of the tile's session with no run and no step) and points the tile at
    /// it, in one transaction; false, storing nothing, when the tile or its session is gone.
    /// </summary>
    Task<bool> SetComputedAsync(Guid tileId, Artifact artifact, DateTimeOffset computedAt, CancellationToken cancellationToken);

    /// <summary>Records a failed refresh: the tile keeps showing its current artifact, with <paramref name="error"/>.</summary>
    Task SetFailedAsync(Guid tileId, string error, DateTimeOffset refreshedAt, CancellationToken cancellationToken);
}
