using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using Microsoft.Extensions.AI;

namespace CodingAgent.Core.Agent;

/// <summary>
/// The <c>run_python</c> tool of one run: enforces the run's execution budgets, executes code in the session's kernel
/// (<see cref="StepRecorder"/> publishes and persists the step) and returns what happened to the model as text. It
/// never throws for a failure of the code or the sandbox: the model gets the failure as its result and may try again.
/// </summary>
internal sealed class PythonTool(RunContext run, StepRecorder steps, AgentOptions options)
{
    public const string Name = "run_python";

    /// <summary>The same error this many times in a row ends the attempts, whatever is left of the budget.</summary>
    public const int SameErrorLimit = 3;

    private int _failures;
    private string? _lastErrorSignature;
    private int _repeats;
    private int _refusalsAfterLimit;

    public int Executions => run.Steps.Count;

    public int Failures => _failures;

    /// <summary>No more executions are allowed in this run (failed attempts or executions used up).</summary>
    public bool Exhausted => Refusal() is not null;

    /// <summary>The last execution's error, if the last execution failed.</summary>
    public ExecutionStep? LastFailedStep => run.Steps.Count > 0 && !run.Steps[^1].Succeeded ? run.Steps[^1] : null;

    public AIFunction AsFunction() => AIFunctionFactory.Create(
        (string code, CancellationToken cancellationToken) => RunAsync(code, cancellationToken),
        Name,
        "Runs Python code in the session's stateful kernel (pandas, numpy, plotly, matplotlib, scipy). " +
        "Returns stdout, stderr, the value of the last expression, errors with traceback, and the artifacts shown to the user.");

    public async Task<string> RunAsync(string code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return "Error: the `code` argument was empty. Send the Python code to run.";
        }
        if (Refusal() is { } refusal)
        {
            // a spent budget ends the tool loop at once; a model that keeps calling after being told to stop, the second time
            if ((++_refusalsAfterLimit > 1 || run.BudgetExceeded is not null) && FunctionInvokingChatClient.CurrentContext is { } invocation)
            {
                invocation.Terminate = true;
            }
            return refusal;
        }
        await steps.AuditAsync(code, cancellationToken);
        var step = steps.Start(code);
        ExecutionResult result;
        KernelReads? reads = null;
        IKernel? kernel = null;
        var kernelLost = false;
        try
        {
            kernel = await run.GetKernelAsync(sessionHadState: true, cancellationToken);
            kernelLost = run.KernelLostUntold;
            run.KernelLossTold();
            result = await kernel.ExecuteAsync(code, steps.OutputOf(step), cancellationToken);
            reads = run.ReadsOf(kernel);
            reads.Record(result.FilesRead, run.Files);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            result = new ExecutionResult(false, "", "", null, new ExecutionError("SandboxError", ex.Message, ""), [], false, true, TimeSpan.Zero);
        }

        var artifacts = await steps.StoreAsync(step, result, reads);
        if (result.KernelRestarted)
        {
            run.KernelStoppedDuringStep();
        }
        string? context = null;
        if (result.Error is { } error)
        {
            _failures++;
            var signature = error.Type + ": " + error.Message;
            _repeats = signature == _lastErrorSignature ? _repeats + 1 : 1;
            _lastErrorSignature = signature;
            if (_repeats >= SameErrorLimit)
            {
                // the model is going round in circles: no more attempts, it must explain
                _failures = Math.Max(_failures, options.MaxAttempts);
            }
            if (kernel is not null && !result.KernelRestarted)
            {
                context = await ErrorContext.DescribeAsync(kernel, error, cancellationToken);
            }
        }
        else
        {
            _lastErrorSignature = null;
            _repeats = 0;
        }
        steps.End(step, result);
        return ToolResultText.Describe(result, artifacts,
            new ToolResultNotes(kernelLost, _repeats, options.MaxAttempts - _failures, context), options.MaxToolOutputChars);
    }

    private string? Refusal()
    {
        if (run.BudgetExceeded is not null)
        {
            return "Not executed: the token budget is used up. Stop here.";
        }
        if (_failures >= options.MaxAttempts)
        {
            return $"Not executed: {_failures} executions failed in this turn, which is the limit. Do not call {Name} again; explain to the user what went wrong.";
        }
        if (Executions >= options.MaxExecutions)
        {
            return $"Not executed: the limit of {options.MaxExecutions} executions per question was reached. Answer with what you have.";
        }
        return null;
    }
}
