namespace CodingAgent.Core.Ports;

/// <summary>
/// Listens to every <see cref="ClusterSignal"/> until stopped: subscribes, hands each signal to the handler in order,
/// and subscribes again two seconds after the subscription fails (a lost Redis connection).
/// </summary>
public static class ClusterSignalListener
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <param name="failed">Told why a subscription failed, before the retry.</param>
    public static async Task ListenAsync(IClusterBus bus, Func<ClusterSignal, CancellationToken, Task> handle, Action<string> failed, TimeProvider time, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var signals = await bus.SubscribeSignalsAsync(stoppingToken);
                await foreach (var signal in signals.Reader.ReadAllAsync(stoppingToken))
                {
                    await handle(signal, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failed(ex.Message);
                try
                {
                    await Task.Delay(RetryDelay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
