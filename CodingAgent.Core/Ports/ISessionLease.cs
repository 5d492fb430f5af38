namespace CodingAgent.Core.Ports;

/// <summary>A held session lock; renewed in the background, released when disposed.</summary>
public interface ISessionLease : IAsyncDisposable
{
    Guid SessionId { get; }
    Guid RunId { get; }

    /// <summary>Cancelled when the lock was lost: not renewed before it expired, or taken by someone else.</summary>
    CancellationToken Lost { get; }
}
