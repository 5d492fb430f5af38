using CodingAgent.Sandbox.Process;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>A worker started as a child process (<see cref="BubblewrapProfilerLauncher"/>); <paramref name="release"/> frees its uid, copy and scratch folder once it is gone.</summary>
internal sealed class ProcessProfilerRun : IProfilerRun
{
    private readonly ProcessTransport _transport;
    private readonly Action _release;

    public ProcessProfilerRun(ProcessTransport transport, IReadOnlyList<string> hostPaths, Action release)
    {
        _transport = transport;
        _release = release;
        HostPaths = hostPaths;
        // nothing is written to the worker; its stdin is closed at once
        transport.Input.Dispose();
    }

    public Stream Output => _transport.Output;

    public Task Exited => _transport.Exited;

    public ProfilerExit Exit => new(_transport.ExitCode, (_transport.Processes?.OomKills() ?? 0) > 0, _transport.LastDiagnosticLine);

    public IReadOnlyList<string> HostPaths { get; }

    public void Kill() => _transport.Kill();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _release();
        }
    }
}
