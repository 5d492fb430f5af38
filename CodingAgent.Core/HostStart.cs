using Microsoft.Extensions.Hosting;

namespace CodingAgent.Core;

/// <summary>Lets background work begin only after the app's other start-up work (the database schema among it).</summary>
internal static class HostStart
{
    /// <returns>False when the app stopped (or never started) first.</returns>
    public static async Task<bool> WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
