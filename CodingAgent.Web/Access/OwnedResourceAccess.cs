using CodingAgent.Core.Users;
using CodingAgent.Web.Sharing;

namespace CodingAgent.Web.Access;

/// <summary>
/// The one rule of who may see and change something that has an owner and can be shared: its owner reads and changes
/// it (with a role that runs code); a user it is shared with only reads it; anyone else is told it does not exist.
/// Admins follow the same rule.
/// </summary>
public abstract class OwnedResourceAccess<T>(ShareStore shares, string kind) where T : class
{
    protected abstract Task<T?> GetAsync(Guid id, CancellationToken cancellationToken);

    protected abstract string OwnerOf(T resource);

    /// <summary>The resource when <paramref name="user"/> may see it (owns it or it is shared with them), else null.</summary>
    public async Task<T?> FindAsync(Guid id, CurrentUser user, CancellationToken cancellationToken) =>
        await GetAsync(id, cancellationToken) is { } resource
            && (OwnerOf(resource) == user.Id || await shares.IsSharedWithAsync(kind, id, user.Id, cancellationToken))
            ? resource
            : null;

    public async Task<AccessVerdict> CheckAsync(Guid id, CurrentUser user, AccessLevel level, CancellationToken cancellationToken) =>
        await FindAsync(id, user, cancellationToken) is { } resource ? Verdict(resource, user, level) : AccessVerdict.NotFound;

    /// <summary>What <paramref name="user"/>, who can see <paramref name="resource"/>, may do with it.</summary>
    public AccessVerdict Verdict(T resource, CurrentUser user, AccessLevel level) =>
        level == AccessLevel.Read || (OwnerOf(resource) == user.Id && user.CanRunCode) ? AccessVerdict.Allowed : AccessVerdict.Forbidden;
}
