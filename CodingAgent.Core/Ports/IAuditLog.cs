using CodingAgent.Core.Audit;

namespace CodingAgent.Core.Ports;

/// <summary>
/// The append-only audit log: entries are added and read, never changed or removed (there is no update or delete
/// on this port, nor in the app's store behind it).
/// </summary>
public interface IAuditLog
{
    /// <summary>Stores the entry; throws when it cannot (the caller decides whether its action may go on).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The entries that match the filter, newest first, at most <see cref="AuditQuery.Limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
