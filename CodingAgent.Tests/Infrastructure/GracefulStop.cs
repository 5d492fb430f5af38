using System.Diagnostics;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>Stops an app process as a service manager would: SIGTERM, then up to 30 s for a graceful stop, then SIGKILL.</summary>
public static class GracefulStop
{
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            // SIGTERM: the host's graceful stop
            using (var term = Process.Start("/bin/kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        await process.WaitForExitAsync();
    }
}
