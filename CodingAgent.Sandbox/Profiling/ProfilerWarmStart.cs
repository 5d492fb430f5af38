using CodingAgent.Core.Profiling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// At the app's start, starts the confined profiler's warm worker (<see cref="ProfilingOptions.WarmWorkerAtStart"/>),
/// so that even the first upload is profiled by a worker that has already started and warmed up. Nothing when another
/// profiler is registered or spares are off.
/// </summary>
internal sealed class ProfilerWarmStart(IFileProfiler profiler, IOptions<ProfilingOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.WarmWorkerAtStart && profiler is ConfinedFileProfiler confined)
        {
            confined.StartWarmWorker();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
