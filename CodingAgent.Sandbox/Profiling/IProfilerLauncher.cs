namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// Starts the profiler worker confined one way (bubblewrap, a Docker container, or unconfined in development). What to
/// make of its output and its end is <see cref="ConfinedFileProfiler"/>'s, the same for every way.
/// </summary>
internal interface IProfilerLauncher : IAsyncDisposable
{
    /// <summary>Starts the worker on the host file <paramref name="input"/>; the caller disposes the run, which removes all it started.</summary>
    /// <param name="fileName">Already sanitized (<see cref="ProfilerFileName"/>).</param>
    Task<IProfilerRun> StartAsync(string input, string fileName, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a worker ahead of its file, confined the same way, with a fresh empty input folder of its own bound
    /// read-only; null where this way cannot (each Docker container starts for its file).
    /// </summary>
    Task<ISpareProfilerRun?> StartSpareAsync(CancellationToken cancellationToken) => Task.FromResult<ISpareProfilerRun?>(null);
}
