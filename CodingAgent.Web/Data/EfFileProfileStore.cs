using System.Text.Json;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Profiling;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Data;

/// <summary>Profiles on EF Core, one row per file version, deleted with it.</summary>
public sealed class EfFileProfileStore(IDbContextFactory<AppDbContext> contexts) : IFileProfileStore
{
    public async Task<StoredProfile?> GetAsync(Guid sessionId, string name, int version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.FileProfiles.AsNoTracking()
            .FirstOrDefaultAsync(p => p.SessionId == sessionId && p.Name == name && p.Version == version, cancellationToken);
        return row is null ? null : ToStored(row);
    }

    public async Task SaveAsync(StoredProfile profile, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(profile.Profile, JsonSerializerOptions.Web);
        // two attempts: an instance inserting the same row at the same moment turns the second into an update
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var updated = await db.FileProfiles
                .Where(p => p.SessionId == profile.SessionId && p.Name == profile.Name && p.Version == profile.Version)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, profile.Profile.Status)
                    .SetProperty(p => p.Json, json)
                    .SetProperty(p => p.UpdatedAt, profile.UpdatedAt), cancellationToken);
            if (updated > 0)
            {
                return;
            }
            if (!await db.Files.AnyAsync(f => f.SessionId == profile.SessionId && f.Name == profile.Name && f.Version == profile.Version, cancellationToken))
            {
                return;
            }
            db.FileProfiles.Add(new FileProfileRow
            {
                SessionId = profile.SessionId,
                Name = profile.Name,
                Version = profile.Version,
                Status = profile.Profile.Status,
                Json = json,
                UpdatedAt = profile.UpdatedAt,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // inserted meanwhile by another instance, or the file version was deleted: look again
            }
        }
    }

    public async Task<IReadOnlyList<StoredProfile>> ListStalePendingAsync(DateTimeOffset updatedBefore, int max, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.FileProfiles.AsNoTracking()
            .Where(p => p.Status == ProfileStatuses.Pending && p.UpdatedAt < updatedBefore)
            .Take(max)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(ToStored)];
    }

    private static StoredProfile ToStored(FileProfileRow row) =>
        new(row.SessionId, row.Name, row.Version,
            JsonSerializer.Deserialize<FileProfile>(row.Json, JsonSerializerOptions.Web) ?? FileProfile.Failed("The stored profile is unreadable."),
            row.UpdatedAt);
}
