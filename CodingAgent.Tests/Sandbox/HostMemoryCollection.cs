namespace CodingAgent.Tests.Sandbox;

/// <summary>
/// Tests that measure the test process's own memory (<see cref="HostMemoryProbe"/>) run alone, after every other
/// collection: an upload or a blob-store test running beside them would count as their growth.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostMemoryCollection
{
    public const string Name = "host memory";
}
