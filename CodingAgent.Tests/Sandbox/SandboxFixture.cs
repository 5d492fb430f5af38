using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodingAgent.Tests.Sandbox;

/// <summary>A real bubblewrap sandbox pool on a temporary workspace root.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public const string FakeSecret = "sk-live-THIS-MUST-NEVER-REACH-THE-SANDBOX";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "codingagent-sandbox-" + Guid.NewGuid().ToString("N"));
    internal ProcessSandboxPool Pool { get; private set; } = null!;
    public SandboxOptions Options { get; } = new();

    public Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("CODINGAGENT_FAKE_SECRET", FakeSecret);
        Options.WorkspaceRoot = Path.Combine(Root, "workspaces");
        Options.ExecutionTimeoutSeconds = 4;
        Options.InterruptGraceSeconds = 2;
        Options.MemoryLimitMb = 1024;
        Pool = new ProcessSandboxPool(Microsoft.Extensions.Options.Options.Create(Options), NullLogger<ProcessSandboxPool>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
