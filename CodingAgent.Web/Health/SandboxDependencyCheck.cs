using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Health;

/// <summary>The sandbox as a readiness dependency: it can start Python kernels.</summary>
internal sealed class SandboxDependencyCheck(ISandboxHealth sandbox) : IDependencyCheck
{
    public string Name => "sandbox";

    public async Task<DependencyHealth> CheckAsync(CancellationToken cancellationToken) =>
        await sandbox.CheckAsync(cancellationToken) is { IsReady: false } health
            ? DependencyHealth.NotReady(health.Problem ?? "The sandbox cannot start Python kernels.")
            : DependencyHealth.Ready;
}
