namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// A worker started ahead of its file (<see cref="IProfilerLauncher.StartSpareAsync"/>): it warms up and waits for the
/// name of one file; once given it, it is an ordinary run of that file, and it never gets a second one.
/// </summary>
internal interface ISpareProfilerRun : IProfilerRun
{
    /// <summary>Completes when the worker has warmed up and waits for its file (its first line, <c>{"ready":true}</c>), or has exited.</summary>
    Task Ready { get; }

    /// <summary>Whether the worker has already exited (it died while waiting, or was killed).</summary>
    bool HasExited { get; }

    /// <summary>
    /// Puts the host file <paramref name="input"/> into the worker's input folder as <paramref name="fileName"/> and
    /// tells the worker that name on its stdin (then closes it). Once only.
    /// </summary>
    /// <param name="fileName">Already sanitized (<see cref="ProfilerFileName"/>).</param>
    Task AssignAsync(string input, string fileName, CancellationToken cancellationToken);
}
