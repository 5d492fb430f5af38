using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace CodingAgent.Web.Data;

/// <summary>The audit log in the app's database: insert and read only (nothing here updates or deletes a row).</summary>
public sealed class EfAuditLog(IDbContextFactory<AppDbContext> contexts) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(AuditEventRow.From(entry));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrEmpty(query.User))
        {
            rows = rows.Where(r => r.User == query.User);
        }
        if (query.From is { } from)
        {
            rows = rows.Where(r => r.At >= from);
        }
        if (query.To is { } to)
        {
            rows = rows.Where(r => r.At < to);
        }
        var found = await rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Take(query.Limit).ToListAsync(cancellationToken);
        return [.. found.Select(r => r.ToEntry())];
    }
}
