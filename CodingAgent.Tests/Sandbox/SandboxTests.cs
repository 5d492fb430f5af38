using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Sandbox;

/// <summary>What every test class that runs code in a real sandbox (one backend per fixture) needs.</summary>
public abstract class SandboxTests(SandboxFixture sandbox)
{
    protected SandboxFixture Sandbox { get; } = sandbox;

    protected async Task<ExecutionResult> RunAsync(Guid session, string code, Action<OutputChunk>? onOutput = null)
    {
        var kernel = await Sandbox.Pool.GetKernelAsync(session, CancellationToken.None);
        return await kernel.ExecuteAsync(code, onOutput, CancellationToken.None);
    }

    protected Task<ExecutionResult> RunAsync(string code) => RunAsync(Guid.NewGuid(), code);

    /// <summary>The host and a fresh session still work.</summary>
    internal async Task AssertSandboxStillWorksAsync(Guid? session = null)
    {
        var result = await RunAsync(session ?? Guid.NewGuid(), "6 * 7");
        Assert.True(result.Succeeded, result.Error?.Type + ": " + result.Error?.Message);
        Assert.Equal("42", result.ResultText);
    }

    protected static void AssertOk(ExecutionResult result) =>
        Assert.True(result.Succeeded, $"{result.Error?.Type}: {result.Error?.Message}\n{result.Error?.Traceback}\n{result.Stdout}\n{result.Stderr}");
}
