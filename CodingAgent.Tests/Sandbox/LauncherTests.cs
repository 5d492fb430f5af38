using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Cgroups;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Sandbox;

public sealed class LauncherTests
{
    [Fact]
    public void Without_bubblewrap_the_sandbox_refuses_to_start_rather_than_run_unconfined()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SandboxOptions { BubblewrapPath = "/nonexistent/bwrap", WorkspaceRoot = Path.GetTempPath() });

        var error = Assert.Throws<InvalidOperationException>(() => new BubblewrapLauncher(options, new RecordingLogger<BubblewrapLauncher>()));

        Assert.Contains("bubblewrap was not found", error.Message);
        Assert.Contains("Sandbox:AllowUnconfined", error.Message);
    }

    [Fact]
    public async Task Allowing_unconfined_kernels_is_logged_as_a_warning()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SandboxOptions { BubblewrapPath = "/nonexistent/bwrap", AllowUnconfined = true, WorkspaceRoot = Path.GetTempPath() });
        var logger = new RecordingLogger<BubblewrapLauncher>();

        await using var launcher = new BubblewrapLauncher(options, logger);

        Assert.Equal("unconfined process", launcher.Name);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("UNCONFINED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_usable_cgroup_kernels_run_on_rlimits_only_and_that_is_said_once_as_a_warning()
    {
        var root = Directory.CreateTempSubdirectory("codingagent-nocgroup-").FullName;
        var sandboxOptions = new SandboxOptions { WorkspaceRoot = Path.Combine(root, "workspaces"), RuntimeDirectory = Path.Combine(root, "runtime"), WarmKernels = 0 };
        var options = Microsoft.Extensions.Options.Options.Create(sandboxOptions);
        var logger = new RecordingLogger<BubblewrapLauncher>();
        var cgroups = new KernelCgroups(sandboxOptions, new CgroupMounts(new Dictionary<string, CgroupMount>(), null), "", logger);
        var pool = new SandboxPool(new BubblewrapLauncher(options, logger, cgroups), options, TimeProvider.System, NullLogger<SandboxPool>.Instance);
        try
        {
            var kernel = await pool.GetKernelAsync(Guid.NewGuid(), CancellationToken.None);
            var result = await kernel.ExecuteAsync("import subprocess\nsubprocess.Popen(['sleep', '30'])\n6 * 7", null, CancellationToken.None);

            Assert.True(result.Succeeded, result.Error?.Message);
            Assert.Equal("42", result.ResultText);
            Assert.DoesNotContain("[sandbox] stopped", result.Stderr);
            Assert.Null(((Kernel)kernel).Processes);
            Assert.StartsWith("rlimits only", pool.ResourceControl, StringComparison.Ordinal);
            Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Kernels get no cgroup", StringComparison.Ordinal));
        }
        finally
        {
            await pool.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }
}
