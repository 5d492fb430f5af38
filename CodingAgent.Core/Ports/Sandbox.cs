namespace CodingAgent.Core.Ports;

/// <summary>
/// Hands out one stateful kernel per session (process/bubblewrap or Docker backend). Where a session's workspace is
/// stays the sandbox's business: its files are reached through <see cref="IWorkspaceFiles"/>.
/// </summary>
public interface ISandboxPool
{
    /// <summary>Returns the session's live kernel, starting one if none is running.</summary>
    Task<IKernel> GetKernelAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>The session's live kernel on this instance, or null; never starts one.</summary>
    IKernel? FindKernel(Guid sessionId);

    /// <summary>Stops the session's kernel (if any) and deletes its workspace.</summary>
    Task RemoveSessionAsync(Guid sessionId, CancellationToken cancellationToken);
}

/// <summary>A running, stateful Python kernel.</summary>
public interface IKernel
{
    /// <summary>True while the kernel process is alive.</summary>
    bool IsAlive { get; }

    /// <summary>
    /// Runs code. Output is reported through <paramref name="onOutput"/> as it is produced.
    /// Cancelling interrupts the code (KeyboardInterrupt), then kills the kernel after a grace period.
    /// </summary>
    Task<ExecutionResult> ExecuteAsync(string code, Action<OutputChunk>? onOutput, CancellationToken cancellationToken);

    /// <summary>
    /// The kernel's variables (names, types, shapes; never values), asked without running code. While an execution
    /// runs the kernel is not asked: the last list it gave is returned, marked <see cref="KernelVariables.IsStale"/>.
    /// </summary>
    Task<KernelVariables> InspectAsync(CancellationToken cancellationToken);
}

public sealed record OutputChunk(string Stream, string Text);

public sealed record ExecutionError(string Type, string Message, string Traceback);

/// <summary>A rich output: table/chart JSON, PNG bytes or a workspace file's bytes.</summary>
public sealed record KernelArtifact(string Kind, string Name, string MediaType, byte[] Content)
{
    /// <summary>
    /// For a table larger than its stored preview: every row, as gzip of UTF-8 lines (<c>{ columns, rowCount }</c>, then
    /// JSON arrays of rows, cells as in <see cref="Content"/>). Stored beside the artifact under <see cref="BlobKeys.ArtifactRows"/>.
    /// </summary>
    public byte[]? Rows { get; init; }
}

public sealed record ExecutionResult(
    bool Succeeded,
    string Stdout,
    string Stderr,
    string? ResultText,
    ExecutionError? Error,
    IReadOnlyList<KernelArtifact> Artifacts,
    bool OutputTruncated,
    bool KernelRestarted,
    TimeSpan Duration)
{
    /// <summary>Top-level workspace files that the code opened for reading (reported by the kernel; code could lie about itself, nothing more).</summary>
    public IReadOnlyList<string> FilesRead { get; init; } = [];
}
