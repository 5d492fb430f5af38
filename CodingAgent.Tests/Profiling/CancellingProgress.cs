namespace CodingAgent.Tests.Profiling;

/// <summary>Progress that cancels a profile once it reports <paramref name="at"/> or more (synchronously, as the profiler reports).</summary>
public sealed class CancellingProgress(CancellationTokenSource cancellation, double at) : IProgress<double>
{
    public void Report(double value)
    {
        if (value >= at)
        {
            cancellation.Cancel();
        }
    }
}
