using CodingAgent.Core.Ports;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Core.Profiling;

/// <summary>
/// Profiles one file version with <see cref="IFileProfiler"/> and stores the outcome; progress is stored as it
/// advances (at most once a second), so every instance can show it.
/// </summary>
public sealed partial class ProfileRunner(
    ISessionRepository repository,
    IBlobStore blobs,
    IFileProfiler profiler,
    IFileProfileStore store,
    TimeProvider time,
    ILogger<ProfileRunner> logger)
{
    private static readonly TimeSpan _progressInterval = TimeSpan.FromSeconds(1);

    /// <summary>Profiles and stores; returns the stored profile (failed when the file is gone or the profiler could not run).</summary>
    public async Task<FileProfile> RunAsync(ProfilingJob job, CancellationToken cancellationToken)
    {
        var file = await repository.GetFileAsync(job.SessionId, job.Name, job.Version, cancellationToken);
        if (file is null)
        {
            return FileProfile.Failed("The file version no longer exists.") with { Version = job.Version };
        }
        FileProfile profile;
        await using (var content = await blobs.OpenReadAsync(file.ContentKey, cancellationToken))
        {
            if (content is null)
            {
                profile = FileProfile.Failed("The stored content of this file version is missing.");
            }
            else
            {
                profile = await ProfileContentAsync(job, content, file.Name, cancellationToken);
            }
        }
        profile = profile with { Version = file.Version, Progress = 1 };
        await store.SaveAsync(new StoredProfile(job.SessionId, job.Name, job.Version, profile, time.GetUtcNow()), cancellationToken);
        return profile;
    }

    private async Task<FileProfile> ProfileContentAsync(ProfilingJob job, Stream content, string fileName, CancellationToken cancellationToken)
    {
        // the filesystem blob store hands out the stored file itself (host-only storage); any other store is copied to a private file
        string? copy = null;
        var path = content is FileStream { Name: { } stored } ? stored : copy = await PrivateCopy.WriteAsync(content, Path.GetExtension(fileName), cancellationToken);
        var progress = new LatestProgress();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporter = ReportProgressAsync(job, progress, stop.Token);
        try
        {
            return await profiler.ProfileAsync(path, fileName, progress, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogProfilerFailed(logger, job.SessionId, job.Name, job.Version, ex);
            return FileProfile.Failed("The profiler could not run: " + ex.Message);
        }
        finally
        {
            await stop.CancelAsync();
            await reporter;
            if (copy is not null)
            {
                PrivateCopy.Delete(copy);
            }
        }
    }

    private async Task ReportProgressAsync(ProfilingJob job, LatestProgress progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_progressInterval, time);
        var stored = -1.0;
        var storedAt = time.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = time.GetUtcNow();
                // unchanged progress is stored again now and then, so that other instances see the profile is alive
                if (progress.Value != stored || now - storedAt > TimeSpan.FromSeconds(20))
                {
                    stored = progress.Value;
                    storedAt = now;
                    await store.SaveAsync(new StoredProfile(job.SessionId, job.Name, job.Version, FileProfile.Pending(stored) with { Version = job.Version }, now), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            LogProgressNotStored(logger, job.SessionId, job.Name, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Session {SessionId}: profiling {Name} v{Version} failed")]
    private static partial void LogProfilerFailed(ILogger logger, Guid sessionId, string name, int version, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the progress of profiling {Name} could not be stored")]
    private static partial void LogProgressNotStored(ILogger logger, Guid sessionId, string name, Exception exception);

    private sealed class LatestProgress : IProgress<double>
    {
        private double _value;

        public double Value => Volatile.Read(ref _value);

        public void Report(double value) => Volatile.Write(ref _value, Math.Clamp(value, 0, 0.99));
    }
}
