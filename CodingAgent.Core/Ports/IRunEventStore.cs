using CodingAgent.Core.Domain;

namespace CodingAgent.Core.Ports;

/// <summary>Run events, persisted as they happen (same database as <see cref="ISessionRepository"/>).</summary>
public interface IRunEventStore
{
    /// <summary>Appends events of one or more runs (sequence numbers are the caller's, unique per run).</summary>
    Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken);

    /// <summary>The run's events with a sequence above <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, long afterSequence, CancellationToken cancellationToken);
}
