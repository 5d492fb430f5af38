using System.Diagnostics;
using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Profiling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodingAgent.Benchmarks;

/// <summary>
/// The product's path to a profile: <see cref="ConfinedFileProfiler"/> as the app runs it (bubblewrap, or unconfined
/// where bubblewrap is missing) with a warm worker started ahead of the file; the time is from the request to the
/// profile, with the worker already warm (it warmed up while nothing was measured, as it does between uploads).
/// Memory as the exe's: 1024 MB for the worker, threads = cores.
/// </summary>
internal sealed class ProductProfiler : IAsyncDisposable
{
    private readonly ConfinedFileProfiler _profiler;
    private readonly string _warmUpFile;

    public ProductProfiler(string root)
    {
        var data = Directory.CreateDirectory(Path.Combine(root, "product"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        var sandbox = new SandboxOptions
        {
            InstanceName = "bench-" + Guid.NewGuid().ToString("N")[..8],
            WorkspaceRoot = Directory.CreateDirectory(Path.Combine(data, "workspaces")).FullName,
            RuntimeDirectory = Path.Combine(data, "runtime"),
        };
        sandbox.AllowUnconfined = !File.Exists(sandbox.BubblewrapPath);
        var options = new ProfilingOptions { MemoryLimitMb = 1024, Threads = Environment.ProcessorCount, TimeoutSeconds = 1200, WarmWorker = true };
        _profiler = new ConfinedFileProfiler(Options.Create(options), Options.Create(sandbox), TimeProvider.System, NullLogger<ConfinedFileProfiler>.Instance);
        _warmUpFile = Path.Combine(data, "first.csv");
        File.WriteAllText(_warmUpFile, "a,b\n1,x\n2,y\n");
    }

    /// <summary>Seconds from the request to the profile of <paramref name="path"/>, on a worker that is warm and waiting.</summary>
    public async Task<double> ProfileAsync(string path)
    {
        // the first profile of an instance starts the first spare; after each, the next one warms up
        if (await _profiler.SpareAsync() is not { } spare)
        {
            await _profiler.ProfileAsync(_warmUpFile, "first.csv", null, CancellationToken.None);
            spare = await _profiler.SpareAsync() ?? throw new InvalidOperationException("the profiler started no warm worker");
        }
        await spare.Ready;
        var watch = Stopwatch.StartNew();
        var profile = await _profiler.ProfileAsync(path, Path.GetFileName(path), null, CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        if (profile.Status != ProfileStatuses.Ready)
        {
            throw new InvalidOperationException("the product path's profile failed: " + profile.Error);
        }
        // the next worker warms up now, before anything else the benchmark runs (pandas), as it does between uploads
        if (await _profiler.SpareAsync() is { } next)
        {
            await next.Ready;
        }
        return seconds;
    }

    public ValueTask DisposeAsync() => _profiler.DisposeAsync();
}
