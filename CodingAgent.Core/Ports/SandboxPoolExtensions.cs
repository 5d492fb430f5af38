namespace CodingAgent.Core.Ports;

public static class SandboxPoolExtensions
{
    /// <summary>
    /// The variables of the session's kernel on this instance; <see cref="KernelVariables.None"/> when none runs
    /// (never starts one just to answer).
    /// </summary>
    public static async Task<SessionVariables> InspectSessionAsync(this ISandboxPool pool, Guid sessionId, CancellationToken cancellationToken) =>
        pool.FindKernel(sessionId) is { } kernel
            ? new SessionVariables(KernelRunning: true, await kernel.InspectAsync(cancellationToken).ConfigureAwait(false))
            : new SessionVariables(KernelRunning: false, KernelVariables.None);
}
