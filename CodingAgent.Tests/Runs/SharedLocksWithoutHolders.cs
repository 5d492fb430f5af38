using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Runs;

/// <summary>Shared locks as another instance sees them: holders are whatever the test sets.</summary>
internal sealed class SharedLocksWithoutHolders : ISessionLocks
{
    public Dictionary<Guid, Guid> Holders { get; } = [];

    public bool IsShared => true;

    public Task<ISessionLease?> TryAcquireAsync(Guid sessionId, Guid runId, TimeSpan timeToLive, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Guid?> GetHolderAsync(Guid sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(Holders.TryGetValue(sessionId, out var runId) ? runId : (Guid?)null);
}
