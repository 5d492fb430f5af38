using System.Collections.Concurrent;
using CodingAgent.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Profiling;

/// <summary>
/// Profiles scheduled file versions in the background (<see cref="ProfilingOptions.Workers"/> at a time), and takes up
/// pending profiles that no instance advanced for <see cref="ProfilingOptions.StaleSeconds"/> (their instance died).
/// </summary>
public sealed partial class FileProfilingWorker(
    ProfilingQueue queue,
    ProfileRunner runner,
    IFileProfileStore store,
    IOptions<ProfilingOptions> settings,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<FileProfilingWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<ProfilingJob, byte> _running = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, settings.Value.Workers).Select(_ => ProfileAsync(stoppingToken)).Append(SweepAsync(stoppingToken)));

    private async Task ProfileAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (!_running.TryAdd(job, 0))
                {
                    continue;
                }
                try
                {
                    await runner.RunAsync(job, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // the profile stays pending and is taken up again once it is stale
                    LogJobFailed(logger, job.SessionId, job.Name, job.Version, ex);
                }
                finally
                {
                    _running.TryRemove(job, out _);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        if (!await HostStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }
        var stale = TimeSpan.FromSeconds(settings.Value.StaleSeconds);
        using var timer = new PeriodicTimer(stale / 2, time);
        try
        {
            do
            {
                try
                {
                    var now = time.GetUtcNow();
                    foreach (var pending in await store.ListStalePendingAsync(now - stale, 20, stoppingToken))
                    {
                        var job = new ProfilingJob(pending.SessionId, pending.Name, pending.Version);
                        if (!_running.ContainsKey(job))
                        {
                            // claimed by moving its time on: another instance's sweep skips it for a while
                            await store.SaveAsync(pending with { UpdatedAt = now }, stoppingToken);
                            queue.Enqueue(job);
                        }
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSweepFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: profiling {Name} v{Version} failed; it is tried again later")]
    private static partial void LogJobFailed(ILogger logger, Guid sessionId, string name, int version, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for stale pending profiles failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
