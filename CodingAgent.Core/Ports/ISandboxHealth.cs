namespace CodingAgent.Core.Ports;

/// <summary>Whether the sandbox can start Python kernels; answers the readiness endpoint.</summary>
public interface ISandboxHealth
{
    /// <summary>The outcome of the last kernel start; when no kernel has been started yet, one start (shared by all callers) finds out.</summary>
    Task<SandboxHealth> CheckAsync(CancellationToken cancellationToken);
}
