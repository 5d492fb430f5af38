using CodingAgent.Core.Embedded;
using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Cluster;

/// <summary>The lock contract on the single instance's in-process locks.</summary>
public sealed class InProcessSessionLocksTests : SessionLocksContract
{
    private readonly InProcessSessionLocks _locks = new();

    protected override ISessionLocks Instance => _locks;
    protected override ISessionLocks OtherInstance => _locks;

    [Fact]
    public void In_process_locks_are_not_shared()
    {
        Assert.False(_locks.IsShared);
    }
}
