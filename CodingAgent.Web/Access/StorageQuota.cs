using CodingAgent.Core.Users;
using CodingAgent.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Access;

/// <summary>
/// <c>Quotas:StorageMbPerUser</c>: the sizes of every version of every file in a user's sessions may not pass it. The
/// owner of the session that would store the bytes is the user counted.
/// </summary>
public sealed class StorageQuota(IDbContextFactory<AppDbContext> contexts, IOptions<QuotaOptions> options)
{
    /// <summary>Bytes stored in the files of the sessions <paramref name="ownerId"/> owns.</summary>
    public async Task<long> UsageAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Files.Where(f => db.Sessions.Any(s => s.Id == f.SessionId && s.OwnerId == ownerId)).SumAsync(f => (long?)f.Size, cancellationToken) ?? 0;
    }

    /// <summary>Throws <see cref="QuotaExceededException"/> when storing <paramref name="adding"/> more bytes in the session would pass its owner's quota.</summary>
    public async Task EnsureRoomAsync(Guid sessionId, long adding, CancellationToken cancellationToken)
    {
        var quota = options.Value.StorageBytesPerUser;
        if (quota <= 0)
        {
            return;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Sessions.Where(s => s.Id == sessionId).Select(s => s.OwnerId).FirstOrDefaultAsync(cancellationToken) is not { } owner)
        {
            return;
        }
        var used = await UsageAsync(owner, cancellationToken);
        if (used + adding > quota)
        {
            throw new QuotaExceededException("Storage quota reached",
                $"Storing {Megabytes(adding)} more would pass the storage quota (Quotas:StorageMbPerUser) of {options.Value.StorageMbPerUser} MB: "
                + $"the files of your sessions use {Megabytes(used)}. Delete files or sessions you no longer need.", storage: true);
        }
    }

    /// <summary>As <see cref="EnsureRoomAsync"/> for a cleaned version of <paramref name="name"/>, about as large as its current version.</summary>
    public async Task EnsureRoomForNewVersionAsync(Guid sessionId, string name, CancellationToken cancellationToken)
    {
        if (options.Value.StorageBytesPerUser <= 0)
        {
            return;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var size = await db.Files.Where(f => f.SessionId == sessionId && f.Name == name).OrderByDescending(f => f.Version).Select(f => (long?)f.Size).FirstOrDefaultAsync(cancellationToken);
        await EnsureRoomAsync(sessionId, size ?? 0, cancellationToken);
    }

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
