using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Agent;

/// <summary>One kernel per pool, replaceable to play a kernel that died between questions.</summary>
internal sealed class FakeSandboxPool(FakeKernel kernel) : ISandboxPool
{
    public FakeKernel Kernel { get; private set; } = kernel;

    public FakeKernel Replace(FakeKernel next) => Kernel = next;

    public Task<IKernel> GetKernelAsync(Guid sessionId, CancellationToken cancellationToken) => Task.FromResult<IKernel>(Kernel);

    public IKernel? FindKernel(Guid sessionId) => Kernel;

    public Task RemoveSessionAsync(Guid sessionId, CancellationToken cancellationToken) => Task.CompletedTask;
}
