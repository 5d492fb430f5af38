using System.Diagnostics;
using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Docker;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Sandbox;

/// <summary>A real sandbox pool (one backend) on a temporary workspace root, with small limits so that abuse is cheap to test.</summary>
public abstract class SandboxFixture : IAsyncLifetime
{
    public const string FakeSecret = "sk-live-THIS-MUST-NEVER-REACH-THE-SANDBOX";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "codingagent-sandbox-" + Guid.NewGuid().ToString("N"));
    internal SandboxPool Pool { get; private set; } = null!;
    public SandboxOptions Options { get; } = new();

    internal abstract IKernelLauncher CreateLauncher(Microsoft.Extensions.Options.IOptions<SandboxOptions> options);

    /// <summary>The host path of a session's workspace, for a test to plant or inspect files (product code never uses it).</summary>
    public string WorkspacePath(Guid sessionId) => Path.Combine(Options.WorkspaceRoot, sessionId.ToString("N"));

    /// <summary>Puts a file into a session's workspace the way uploads do.</summary>
    public async Task PutFileAsync(Guid sessionId, string name, string content)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        await Pool.PutFileAsync(sessionId, name, stream, CancellationToken.None);
    }

    public virtual Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("CODINGAGENT_FAKE_SECRET", FakeSecret);
        // below a folder only the app's user may enter, as a data folder under /root or in a 0700 home is
        Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // an instance of its own: kernels (containers, cgroups) of other test classes are never its leftovers
        Options.InstanceName = "tests-" + Guid.NewGuid().ToString("N")[..8];
        Options.WorkspaceRoot = Path.Combine(Root, "workspaces");
        Options.RuntimeDirectory = Path.Combine(Root, "runtime");
        Options.ExecutionTimeoutSeconds = 6;
        // long enough for a kernel on a busy 2-core machine (the whole suite runs at once) to answer an interrupt
        Options.InterruptGraceSeconds = 10;
        Options.MemoryLimitMb = 1024;
        Options.WorkspaceQuotaMb = 64;
        Options.MaxFileSizeMb = 40;
        Options.TmpSizeMb = 32;
        Options.ShmSizeMb = 16;
        Options.MaxProcesses = 64;
        Options.DockerPidsLimit = 64;
        Options.WarmKernels = 0;
        Options.MaxProtocolMessageMb = 16;
        Options.MaxArtifactMbPerExecution = 32;
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Pool = new SandboxPool(CreateLauncher(options), options, TimeProvider.System, NullLogger<SandboxPool>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}

public sealed class ProcessSandboxFixture : SandboxFixture
{
    internal override IKernelLauncher CreateLauncher(Microsoft.Extensions.Options.IOptions<SandboxOptions> options) =>
        new BubblewrapLauncher(options, NullLogger<BubblewrapLauncher>.Instance);
}

/// <summary>The bubblewrap backend with workspaces as plain folders (<c>Sandbox:WorkspaceFilesystem</c> = Directory): the fallback quota.</summary>
public sealed class ProcessDirectorySandboxFixture : SandboxFixture
{
    public override Task InitializeAsync()
    {
        Options.WorkspaceFilesystem = SandboxOptions.DirectoryWorkspaceFilesystem;
        return base.InitializeAsync();
    }

    internal override IKernelLauncher CreateLauncher(Microsoft.Extensions.Options.IOptions<SandboxOptions> options) =>
        new BubblewrapLauncher(options, NullLogger<BubblewrapLauncher>.Instance);
}

/// <summary>The Docker backend against the local engine, with the image built offline by scripts/build-sandbox-image.sh.</summary>
public sealed class DockerSandboxFixture : SandboxFixture
{
    public override Task InitializeAsync()
    {
        Options.DockerImage = SandboxImage.Tag.Value;
        return base.InitializeAsync();
    }

    internal override IKernelLauncher CreateLauncher(Microsoft.Extensions.Options.IOptions<SandboxOptions> options) =>
        new DockerLauncher(options, NullLogger<DockerLauncher>.Instance);
}

/// <summary>The sandbox image tag: CODINGAGENT_SANDBOX_IMAGE (set by scripts/test.sh), else built (or found) by the build script.</summary>
public static class SandboxImage
{
    public static readonly Lazy<string> Tag = new(() =>
        Environment.GetEnvironmentVariable("CODINGAGENT_SANDBOX_IMAGE") is { Length: > 0 } tag ? tag : Build());

    /// <summary>Runs scripts/build-sandbox-image.sh (it builds only what is not built yet) and returns the tag it prints last.</summary>
    public static string Build()
    {
        using var build = Process.Start(new ProcessStartInfo("bash", "scripts/build-sandbox-image.sh") { WorkingDirectory = Infrastructure.Repository.Root, RedirectStandardOutput = true })!;
        var output = build.StandardOutput.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException("scripts/build-sandbox-image.sh failed; is the Docker engine running (scripts/test.sh starts one)?");
        }
        return output.Trim().Split('\n')[^1];
    }
}
