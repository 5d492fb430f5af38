using CodingAgent.Core.Profiling;

namespace CodingAgent.Core.Ports;

/// <summary>The stored profiles of file versions, shared by every app instance.</summary>
public interface IFileProfileStore
{
    Task<StoredProfile?> GetAsync(Guid sessionId, string name, int version, CancellationToken cancellationToken);

    /// <summary>Adds or replaces the profile of one file version (a file version that no longer exists is ignored).</summary>
    Task SaveAsync(StoredProfile profile, CancellationToken cancellationToken);

    /// <summary>Pending profiles nobody advanced since <paramref name="updatedBefore"/> (their instance may have died).</summary>
    Task<IReadOnlyList<StoredProfile>> ListStalePendingAsync(DateTimeOffset updatedBefore, int max, CancellationToken cancellationToken);
}
