using System.Globalization;

namespace CodingAgent.Tests.Sandbox;

/// <summary>
/// The test process's memory around an execution: live managed bytes (after a full collection) before, at their
/// peak while it runs (sampled every 100 ms) and after, and the resident set before and after.
/// </summary>
internal sealed class HostMemoryProbe
{
    public const long Megabyte = 1024 * 1024;

    private readonly long _managedBefore = GC.GetTotalMemory(forceFullCollection: true);
    private readonly long _rssBefore = ResidentBytes();
    private readonly CancellationTokenSource _stop = new();
    private Task<long> _peak = Task.FromResult(0L);

    public static HostMemoryProbe Start()
    {
        var probe = new HostMemoryProbe();
        probe._peak = Task.Run(probe.SampleAsync);
        return probe;
    }

    public async Task<HostMemoryFigures> StopAsync()
    {
        await _stop.CancelAsync();
        var peak = await _peak;
        _stop.Dispose();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        return new HostMemoryFigures(_managedBefore, Math.Max(peak, after), after, _rssBefore, ResidentBytes());
    }

    private async Task<long> SampleAsync()
    {
        var peak = _managedBefore;
        while (!_stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return peak;
    }

    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
