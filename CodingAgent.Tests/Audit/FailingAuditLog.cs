using System.Collections.Concurrent;
using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Audit;

/// <summary>An audit log in memory whose store is down for the given actions (as a database outage would be).</summary>
public sealed class FailingAuditLog(params string[] failing) : IAuditLog
{
    private readonly ConcurrentQueue<AuditEntry> _entries = new();

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        if (failing.Contains(entry.Action))
        {
            throw new IOException("the audit store is unreachable");
        }
        _entries.Enqueue(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([.. _entries.Reverse().Take(query.Limit)]);
}
