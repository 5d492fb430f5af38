using System.Security.Cryptography;
using System.Text;
using CodingAgent.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Auth;

/// <summary>
/// Makes, checks and revokes bearer tokens. A token is 32 random bytes; only its SHA-256 is stored, and every request
/// looks it up, so a revoked or expired token is refused at once.
/// </summary>
public sealed class ApiTokens(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    public async Task<IssuedToken> IssueAsync(string userId, string kind, string name, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var token = ApiTokenKinds.Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var row = new ApiTokenRow
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Kind = kind,
            Name = name,
            Hash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedToken(row.Id, token, row.ExpiresAt);
    }

    /// <summary>The user of a token that is known, not revoked and not expired (and whose account is not locked out); else null.</summary>
    public async Task<AppUser?> FindUserAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(ApiTokenKinds.Prefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }
        var hash = Hash(token);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        if (row is null || row.RevokedAt is not null || row.ExpiresAt <= now)
        {
            return null;
        }
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == row.UserId, cancellationToken);
        return user is null || (user.LockoutEnd is { } end && end > now) ? null : user;
    }

    /// <summary>Revokes one of the user's tokens; false when the user has no such token (or it was revoked already).</summary>
    public async Task<bool> RevokeAsync(string userId, Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.Where(t => t.Id == id && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, now), cancellationToken) > 0;
    }

    /// <summary>Revokes a token by its value (signing out with it); false when it is unknown or was revoked already.</summary>
    public async Task<bool> RevokeTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.Where(t => t.Hash == hash && t.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, now), cancellationToken) > 0;
    }

    /// <summary>The user's tokens of one kind, newest first (never the token itself).</summary>
    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(string userId, string kind, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId && t.Kind == kind).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(t => t.CreatedAt)];
    }

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
