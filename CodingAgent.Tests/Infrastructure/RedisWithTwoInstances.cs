using StackExchange.Redis;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>A Redis server of the test class's own and two connections to it, as two app instances would have.</summary>
public sealed class RedisWithTwoInstances : IAsyncLifetime
{
    public RedisServer Server { get; } = new();
    public ConnectionMultiplexer One { get; private set; } = null!;
    public ConnectionMultiplexer Two { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        One = await Server.ConnectAsync();
        Two = await Server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await One.DisposeAsync();
        await Two.DisposeAsync();
        await Server.DisposeAsync();
    }
}
