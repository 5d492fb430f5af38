using System.Collections.Concurrent;
using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Agent;

/// <summary>A kernel that answers each execution with a scripted result (default: success, stdout "ok").</summary>
internal sealed class FakeKernel(Func<string, ExecutionResult>? execute = null) : IKernel
{
    public ConcurrentQueue<string> Executed { get; } = new();

    public IReadOnlyList<KernelVariable> Variables { get; set; } = [];

    public bool IsAlive { get; set; } = true;

    public Task<ExecutionResult> ExecuteAsync(string code, Action<OutputChunk>? onOutput, CancellationToken cancellationToken)
    {
        Executed.Enqueue(code);
        var result = (execute ?? (_ => Ok("ok\n")))(code);
        if (result.Stdout.Length > 0)
        {
            onOutput?.Invoke(new OutputChunk("stdout", result.Stdout));
        }
        return Task.FromResult(result);
    }

    public Task<KernelVariables> InspectAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new KernelVariables(Variables, IsStale: false, Truncated: false));

    public static ExecutionResult Ok(string stdout) => new(true, stdout, "", null, null, [], false, false, TimeSpan.FromMilliseconds(5));

    public static ExecutionResult Failed(string type, string message) =>
        new(false, "", "", null, new ExecutionError(type, message, $"Traceback (most recent call last):\n  File \"<cell>\", line 1\n{type}: {message}"), [], false, false, TimeSpan.FromMilliseconds(5));
}
