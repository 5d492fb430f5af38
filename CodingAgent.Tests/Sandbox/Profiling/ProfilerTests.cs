namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>A test class with a data folder and confined profilers of its own for each test (<see cref="ProfilerHarness"/>).</summary>
public abstract class ProfilerTests : IAsyncLifetime
{
    protected ProfilerHarness Harness { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}
