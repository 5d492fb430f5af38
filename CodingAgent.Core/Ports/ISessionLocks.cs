namespace CodingAgent.Core.Ports;

/// <summary>
/// One run at a time per session, across every instance (Redis in deployments, in-process on one machine). A lock
/// expires unless renewed, so an instance that dies never keeps a session busy for longer than its time to live.
/// </summary>
public interface ISessionLocks
{
    /// <summary>True when instances share the locks (Redis); false for the in-process locks of a single instance.</summary>
    bool IsShared { get; }

    /// <summary>
    /// Takes the session's lock for <paramref name="runId"/>, held for <paramref name="timeToLive"/> and renewed by
    /// the lease until it is disposed; null when another run holds it.
    /// </summary>
    Task<ISessionLease?> TryAcquireAsync(Guid sessionId, Guid runId, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>The run holding the session's lock, or null.</summary>
    Task<Guid?> GetHolderAsync(Guid sessionId, CancellationToken cancellationToken);
}
