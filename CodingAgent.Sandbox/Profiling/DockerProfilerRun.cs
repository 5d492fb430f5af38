using CodingAgent.Sandbox.Docker;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>A worker in a container of its own (<see cref="DockerProfilerLauncher"/>); disposing it force-removes the container, then <paramref name="release"/> deletes its input copy.</summary>
internal sealed class DockerProfilerRun(DockerContainer container, IReadOnlyList<string> hostPaths, Action release) : IProfilerRun
{
    public Stream Output => container.Output;

    public Task Exited => container.Exited;

    public ProfilerExit Exit => new(
        container.Exit is { } exit ? (int)exit.ExitCode : null,
        container.Exit?.OomKilled ?? false,
        container.LastDiagnosticLine);

    public IReadOnlyList<string> HostPaths => hostPaths;

    /// <summary>Kills the container's processes; the container stays until dispose, so that how it ended can be read.</summary>
    public void Kill() => _ = container.KillKeepingStateAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await container.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            release();
        }
    }
}
