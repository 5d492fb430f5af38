using CodingAgent.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Sharing;

/// <summary>The <c>shares</c> table: which sessions and dashboards are shared read-only with which users.</summary>
public sealed class ShareStore(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    public async Task<bool> IsSharedWithAsync(string kind, Guid resourceId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Shares.AnyAsync(s => s.ResourceKind == kind && s.ResourceId == resourceId && s.UserId == userId, cancellationToken);
    }

    /// <summary>Shares the resource with <paramref name="userId"/>; false when it already was.</summary>
    public async Task<bool> AddAsync(string kind, Guid resourceId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Shares.AnyAsync(s => s.ResourceKind == kind && s.ResourceId == resourceId && s.UserId == userId, cancellationToken))
        {
            return false;
        }
        db.Shares.Add(new ShareRow { ResourceKind = kind, ResourceId = resourceId, UserId = userId, CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // shared by a concurrent request meanwhile (the key is the resource and the user), or a real failure
            if (await IsSharedWithAsync(kind, resourceId, userId, cancellationToken))
            {
                return false;
            }
            throw;
        }
    }

    /// <summary>Stops sharing the resource with <paramref name="userId"/>; false when it was not shared with them.</summary>
    public async Task<bool> RemoveAsync(string kind, Guid resourceId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Shares.Where(s => s.ResourceKind == kind && s.ResourceId == resourceId && s.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>Everyone the resource is shared with, oldest share first, with their e-mail addresses.</summary>
    public async Task<IReadOnlyList<ShareGrant>> ListAsync(string kind, Guid resourceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Shares.AsNoTracking()
            .Where(s => s.ResourceKind == kind && s.ResourceId == resourceId)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.UserId, u.Email, s.CreatedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.CreatedAt).Select(r => new ShareGrant(r.Email ?? "", r.UserId))];
    }

    /// <summary>Forgets every share of a deleted resource.</summary>
    public async Task RemoveAllAsync(string kind, Guid resourceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Shares.Where(s => s.ResourceKind == kind && s.ResourceId == resourceId).ExecuteDeleteAsync(cancellationToken);
    }
}
