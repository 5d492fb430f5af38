using System.Runtime.CompilerServices;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;

namespace CodingAgent.Core.Agent;

/// <summary>Per-run state shared by the agent loop, the conversation and the tool.</summary>
internal sealed class RunContext(RunHandle handle, KernelTracker kernels, ConditionalWeakTable<IKernel, KernelReads> reads)
{
    private bool _stoppedDuringStep;

    public RunHandle Handle { get; } = handle;

    /// <summary>The model answering this run (null only where no catalog is involved, e.g. tests of parts).</summary>
    public ModelChoice? Model { get; set; }

    /// <summary>The current version of each workspace file, as put into the workspace before the run.</summary>
    public IReadOnlyDictionary<string, WorkspaceFile> Files { get; set; } = new Dictionary<string, WorkspaceFile>();

    /// <summary>The tokens this run may spend.</summary>
    public RunBudget Budget { get; set; } = RunBudget.Unlimited;

    /// <summary>Why the run may not spend more tokens, or null.</summary>
    public string? BudgetExceeded => Budget.Exceeded(Usage.Input + Usage.Output);

    /// <summary>Whether the model sends code in ```python blocks instead of calling the tool.</summary>
    public bool FencedCode => Model?.ToolCalling == ToolCallingModes.Fenced;

    /// <summary>The model reply being streamed (or the last one).</summary>
    public ModelReply? Reply { get; set; }

    /// <summary>The answer text streamed so far by the current reply (kept when the run stops early).</summary>
    public string StreamedAnswer => Reply?.Text.ToString() ?? "";

    /// <summary>Token usage of this run's model calls, in total and since the last step started.</summary>
    public TokenUsage Usage { get; } = new();

    /// <summary>The steps executed in this run, in order.</summary>
    public List<ExecutionStep> Steps { get; } = [];

    /// <summary>
    /// Set when a kernel replaced the one whose variables the model relies on, until the model was told (in the tool's
    /// result); the user is told at once by a <see cref="KernelRestartedEvent"/>.
    /// </summary>
    public bool KernelLostUntold { get; private set; }

    /// <summary>The session's kernel. A replacement is reported once: as an event now, and to the model with the next tool result.</summary>
    /// <param name="sessionHadState">Whether earlier executions left variables that a new kernel lost (always so within a run).</param>
    public async Task<IKernel> GetKernelAsync(bool sessionHadState, CancellationToken cancellationToken)
    {
        var acquisition = await kernels.AcquireAsync(Handle.SessionId, cancellationToken);
        var expected = _stoppedDuringStep;
        _stoppedDuringStep = false;
        // a kernel that stopped during a step of this run was announced then, and the model read it in that step's result
        if (acquisition.Replaced && sessionHadState && !expected)
        {
            KernelLostUntold = true;
            Handle.Publish(new KernelRestartedEvent(Steps.Count == 0
                ? "The Python kernel was restarted since the last question: variables from earlier answers are gone (files stay)."
                : "The Python kernel was restarted: variables from earlier steps are gone (files stay)."));
        }
        return acquisition.Kernel;
    }

    /// <summary>The model was told that the kernel was replaced.</summary>
    public void KernelLossTold() => KernelLostUntold = false;

    /// <summary>The kernel stopped during a step (killed or crashed): the user and, through the step's result, the model are told now.</summary>
    public void KernelStoppedDuringStep()
    {
        _stoppedDuringStep = true;
        Handle.Publish(new KernelRestartedEvent("The Python kernel was restarted during this step: variables from earlier steps are gone (files stay)."));
    }

    /// <summary>What the kernel has read since it started (a new kernel starts with nothing read).</summary>
    public KernelReads ReadsOf(IKernel kernel) => reads.GetOrCreateValue(kernel);
}
