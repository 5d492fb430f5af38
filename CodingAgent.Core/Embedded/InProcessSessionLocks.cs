using System.Collections.Concurrent;
using CodingAgent.Core.Ports;

namespace CodingAgent.Core.Embedded;

/// <summary>
/// Session locks of a single instance: they die with the process, so they need no expiry. Several instances on one
/// database need the shared locks (<c>Redis:Configuration</c>).
/// </summary>
public sealed class InProcessSessionLocks : ISessionLocks
{
    private readonly ConcurrentDictionary<Guid, Guid> _holders = new();

    public bool IsShared => false;

    public Task<ISessionLease?> TryAcquireAsync(Guid sessionId, Guid runId, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        Task.FromResult<ISessionLease?>(_holders.TryAdd(sessionId, runId) ? new Lease(this, sessionId, runId) : null);

    public Task<Guid?> GetHolderAsync(Guid sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(_holders.TryGetValue(sessionId, out var runId) ? runId : (Guid?)null);

    private sealed class Lease(InProcessSessionLocks owner, Guid sessionId, Guid runId) : ISessionLease
    {
        public Guid SessionId { get; } = sessionId;
        public Guid RunId { get; } = runId;
        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync()
        {
            owner._holders.TryRemove(new KeyValuePair<Guid, Guid>(SessionId, RunId));
            return ValueTask.CompletedTask;
        }
    }
}
