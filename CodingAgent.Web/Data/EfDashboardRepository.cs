using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Data;

/// <summary>Dashboards and tiles on EF Core: a short-lived context per call, as <see cref="EfSessionRepository"/>.</summary>
public sealed class EfDashboardRepository(IDbContextFactory<AppDbContext> contexts, TimeProvider time) : IDashboardRepository
{
    public async Task<Dashboard> CreateAsync(string name, string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var dashboard = new Dashboard { Id = Guid.NewGuid(), Name = name, CreatedAt = now, UpdatedAt = now, OwnerId = ownerId };
        db.Dashboards.Add(dashboard);
        await db.SaveChangesAsync(cancellationToken);
        return dashboard;
    }

    public async Task<Dashboard?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Dashboards.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<Dashboard>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Dashboards.AsNoTracking()
            .Where(d => d.OwnerId == userId
                || db.Shares.Any(s => s.ResourceKind == Sharing.ShareKinds.Dashboard && s.ResourceId == d.Id && s.UserId == userId))
            .OrderByDescending(d => d.UpdatedAt).ToListAsync(cancellationToken);
    }

    public async Task<bool> RenameAsync(Guid id, string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        return await db.Dashboards.Where(d => d.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Name, name).SetProperty(d => d.UpdatedAt, now), cancellationToken) > 0;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Dashboards.Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<DashboardTile>> ListTilesAsync(Guid dashboardId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DashboardTiles.AsNoTracking().Where(t => t.DashboardId == dashboardId)
            .OrderBy(t => t.Position).ThenBy(t => t.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<DashboardTile?> GetTileAsync(Guid dashboardId, Guid tileId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DashboardTiles.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tileId && t.DashboardId == dashboardId, cancellationToken);
    }

    public async Task<DashboardTile> AddTileAsync(DashboardTile tile, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.DashboardTiles.Where(t => t.DashboardId == tile.DashboardId).MaxAsync(t => (int?)t.Position, cancellationToken);
        tile.Position = (last ?? -1) + 1;
        db.DashboardTiles.Add(tile);
        await db.SaveChangesAsync(cancellationToken);
        await TouchAsync(db, tile.DashboardId, cancellationToken);
        return tile;
    }

    public async Task<bool> RemoveTileAsync(Guid dashboardId, Guid tileId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var removed = await db.DashboardTiles.Where(t => t.Id == tileId && t.DashboardId == dashboardId).ExecuteDeleteAsync(cancellationToken) > 0;
        if (removed)
        {
            await TouchAsync(db, dashboardId, cancellationToken);
        }
        return removed;
    }

    public async Task<bool> SetComputedAsync(Guid tileId, Artifact artifact, DateTimeOffset computedAt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // a retrying execution strategy (PostgreSQL) runs the whole transaction again, never half of it
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await db.Sessions.AnyAsync(s => s.Id == artifact.SessionId, ct))
            {
                return false;
            }
            db.Artifacts.Add(artifact);
            await db.SaveChangesAsync(ct);
            var changed = await db.DashboardTiles.Where(t => t.Id == tileId && t.SessionId == artifact.SessionId).ExecuteUpdateAsync(u => u
                .SetProperty(t => t.CurrentArtifactId, artifact.Id)
                .SetProperty(t => t.LastComputedAt, computedAt)
                .SetProperty(t => t.LastRefreshedAt, computedAt)
                .SetProperty(t => t.LastError, (string?)null), ct);
            if (changed == 0)
            {
                return false;
            }
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
    }

    public async Task SetFailedAsync(Guid tileId, string error, DateTimeOffset refreshedAt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.DashboardTiles.Where(t => t.Id == tileId).ExecuteUpdateAsync(u => u
            .SetProperty(t => t.LastRefreshedAt, refreshedAt)
            .SetProperty(t => t.LastError, error), cancellationToken);
    }

    private async Task TouchAsync(AppDbContext db, Guid dashboardId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Dashboards.Where(d => d.Id == dashboardId).ExecuteUpdateAsync(u => u.SetProperty(d => d.UpdatedAt, now), cancellationToken);
    }
}
