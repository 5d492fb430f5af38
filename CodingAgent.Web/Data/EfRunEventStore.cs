using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Data;

/// <summary>Run events in the app's database, one row each.</summary>
public sealed class EfRunEventStore(IDbContextFactory<AppDbContext> contexts) : IRunEventStore
{
    public async Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.RunEvents.AddRange(events);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, long afterSequence, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.RunEvents.AsNoTracking()
            .Where(e => e.RunId == runId && e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
    }
}
