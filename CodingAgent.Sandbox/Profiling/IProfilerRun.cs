namespace CodingAgent.Sandbox.Profiling;

/// <summary>One running profiler worker: its stdout, its end and how it ended. Disposing it kills and removes everything it started.</summary>
internal interface IProfilerRun : IAsyncDisposable
{
    /// <summary>The worker's stdout (its stdin is closed: nothing is written to it).</summary>
    Stream Output { get; }

    /// <summary>Completes when the worker has exited (and its stderr has been read).</summary>
    Task Exited { get; }

    /// <summary>How the worker ended, once <see cref="Exited"/> completed.</summary>
    ProfilerExit Exit { get; }

    /// <summary>Host paths of this run (the input, its copy, a scratch folder) that no message may show.</summary>
    IReadOnlyList<string> HostPaths { get; }

    /// <summary>Kills the worker and everything it started; its output then ends.</summary>
    void Kill();
}
