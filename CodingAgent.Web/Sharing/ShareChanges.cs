using CodingAgent.Core.Audit;
using CodingAgent.Core.Users;
using CodingAgent.Web.Audit;
using CodingAgent.Web.Auth;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Sharing;

/// <summary>
/// Sharing a session or dashboard with a user by e-mail address and taking it back, audited (<c>share_added</c>,
/// <c>share_removed</c>): the one place the API (<see cref="SharingApi"/>) and the page's share dialog do it. The caller
/// has checked that <c>owner</c> owns the resource. Accounts are read through a context of their own per call (not
/// the scope's, which a page's circuit keeps for its whole life and other components may use at the same time).
/// </summary>
public sealed class ShareChanges(
    IDbContextFactory<AppDbContext> contexts, ILookupNormalizer normalizer, ShareStore shares, AuditRecorder audit, IOptions<AuthOptions> auth)
{
    /// <summary>In <c>Auth:Mode</c> None there is only the local user: nobody to share with.</summary>
    public static readonly ShareRefusal NeedsSignIn =
        new(400, "Sharing needs sign-in", "sharing needs sign-in (Auth:Mode Local, Oidc or Negotiate): in mode None there is only the local user.");

    public bool IsAvailable => !auth.Value.IsNone;

    public Task<IReadOnlyList<ShareGrant>> ListAsync(string kind, Guid id, CancellationToken cancellationToken) =>
        shares.ListAsync(kind, id, cancellationToken);

    /// <summary>Shares the resource with the user of <paramref name="email"/> (again is fine), or says why not.</summary>
    public async Task<ShareOutcome> AddAsync(string kind, Guid id, string? email, CurrentUser owner, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            return Refused(NeedsSignIn);
        }
        email = email?.Trim() ?? "";
        if (email.Length == 0)
        {
            return Refused(new(400, "No e-mail", "Send the e-mail address of the user to share with as 'email'."));
        }
        var normalized = normalizer.NormalizeEmail(email);
        AppUser? target;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            target = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        }
        if (target is null)
        {
            return Refused(new(404, "No such user", $"There is no user with the e-mail address '{email}'."));
        }
        if (target.Id == owner.Id)
        {
            return Refused(new(400, "Shared with yourself", "You own it already; share it with someone else."));
        }
        await audit.RequireAsync(owner, AuditActions.ShareAdded, kind == ShareKinds.Session ? id : null, $"{kind} {id} with {target.Id}", cancellationToken);
        await shares.AddAsync(kind, id, target.Id, cancellationToken);
        return new(new ShareGrant(target.Email ?? email, target.Id), null);
    }

    /// <summary>Stops sharing the resource with <paramref name="userId"/>; null when done, else why not.</summary>
    public async Task<ShareRefusal?> RemoveAsync(string kind, Guid id, string userId, CurrentUser owner, CancellationToken cancellationToken)
    {
        if (!await shares.IsSharedWithAsync(kind, id, userId, cancellationToken))
        {
            return new(404, "Not shared", $"The {kind} is not shared with user '{userId}'.");
        }
        await audit.RequireAsync(owner, AuditActions.ShareRemoved, kind == ShareKinds.Session ? id : null, $"{kind} {id} with {userId}", cancellationToken);
        await shares.RemoveAsync(kind, id, userId, cancellationToken);
        return null;
    }

    /// <summary>How the page names the owner of something shared with the user: their e-mail address, else their id.</summary>
    public async Task<string> OwnerNameAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var email = await db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        return string.IsNullOrEmpty(email) ? ownerId : email;
    }

    private static ShareOutcome Refused(ShareRefusal refusal) => new(null, refusal);
}
