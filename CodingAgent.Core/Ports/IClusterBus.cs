namespace CodingAgent.Core.Ports;

/// <summary>
/// Messages between the app's instances (Redis pub/sub in deployments, in-process on one machine): a run's events for
/// its followers elsewhere, and signals (cancel a run, a session was deleted). Delivery is best effort: followers
/// catch up from <see cref="IRunEventStore"/>.
/// </summary>
public interface IClusterBus
{
    Task PublishRunEventAsync(RunEventMessage message, CancellationToken cancellationToken);

    /// <summary>Every event published for <paramref name="runId"/> from now on, until the subscription is disposed.</summary>
    Task<IBusSubscription<RunEventMessage>> SubscribeRunAsync(Guid runId, CancellationToken cancellationToken);

    Task PublishSignalAsync(ClusterSignal signal, CancellationToken cancellationToken);

    /// <summary>Every signal published from now on (by any instance, this one included).</summary>
    Task<IBusSubscription<ClusterSignal>> SubscribeSignalsAsync(CancellationToken cancellationToken);
}
