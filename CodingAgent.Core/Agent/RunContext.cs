using System.Runtime.CompilerServices;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;

namespace CodingAgent.Core.Agent;

/// <summary>Per-run state shared by the agent loop and its tool.</summary>
internal sealed class RunContext(RunHandle handle, ISandboxPool sandboxes, ConditionalWeakTable<IKernel, KernelReads> reads)
{
    private IKernel? _kernel;

    public RunHandle Handle { get; } = handle;

    /// <summary>The model this run asks (the session's choice, or the default).</summary>
    public ModelChoice? Model { get; init; }

    /// <summary>Set when the kernel this run used was replaced by a new one (crash, kill after a timeout).</summary>
    public bool KernelReplaced { get; private set; }

    /// <summary>The current version of each workspace file, as put into the workspace before the run.</summary>
    public IReadOnlyDictionary<string, WorkspaceFile> Files { get; set; } = new Dictionary<string, WorkspaceFile>();

    public async Task<IKernel> GetKernelAsync(CancellationToken cancellationToken)
    {
        var kernel = await sandboxes.GetKernelAsync(Handle.SessionId, cancellationToken);
        if (_kernel is not null && !ReferenceEquals(_kernel, kernel))
        {
            KernelReplaced = true;
        }
        _kernel = kernel;
        return kernel;
    }

    /// <summary>What the kernel has read since it started (a new kernel starts with nothing read).</summary>
    public KernelReads ReadsOf(IKernel kernel) => reads.GetOrCreateValue(kernel);
}
