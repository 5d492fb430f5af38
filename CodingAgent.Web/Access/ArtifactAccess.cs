using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;
using CodingAgent.Web.Data;
using CodingAgent.Web.Sharing;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Access;

/// <summary>
/// Who may read an artifact: whoever may read its session (<see cref="SessionAccess"/>), and whoever may read a
/// dashboard on which it is a tile's current or pinned artifact (a shared dashboard shows its tiles).
/// </summary>
public sealed class ArtifactAccess(ISessionRepository sessions, SessionAccess sessionAccess, IDbContextFactory<AppDbContext> contexts)
{
    /// <summary>Whether <paramref name="user"/> may use the artifact as its session's owner (pin it: a refresh runs its code).</summary>
    public async Task<AccessVerdict> CheckOwnedAsync(Guid id, CurrentUser user, CancellationToken cancellationToken) =>
        await sessions.GetArtifactAsync(id, cancellationToken) is { } artifact
            ? await sessionAccess.CheckAsync(artifact.SessionId, user, AccessLevel.Write, cancellationToken)
            : AccessVerdict.NotFound;

    public async Task<AccessVerdict> CheckReadAsync(Guid id, CurrentUser user, CancellationToken cancellationToken)
    {
        if (await sessions.GetArtifactAsync(id, cancellationToken) is not { } artifact)
        {
            return AccessVerdict.NotFound;
        }
        if (await sessionAccess.FindAsync(artifact.SessionId, user, cancellationToken) is not null)
        {
            return AccessVerdict.Allowed;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var onVisibleDashboard = await db.DashboardTiles
            .Where(t => t.CurrentArtifactId == id || t.SourceArtifactId == id)
            .Join(db.Dashboards, t => t.DashboardId, d => d.Id, (t, d) => d)
            .AnyAsync(d => d.OwnerId == user.Id
                || db.Shares.Any(s => s.ResourceKind == ShareKinds.Dashboard && s.ResourceId == d.Id && s.UserId == user.Id), cancellationToken);
        return onVisibleDashboard ? AccessVerdict.Allowed : AccessVerdict.NotFound;
    }
}
