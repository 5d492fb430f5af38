using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Sandbox;

/// <summary>How a bubblewrap kernel's life is tied to the app, not to whichever thread happened to start it.</summary>
public sealed class KernelStartTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-start-" + Guid.NewGuid().ToString("N"));
    private SandboxPool _pool = null!;

    public Task InitializeAsync()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SandboxOptions
        {
            WorkspaceRoot = Path.Combine(_root, "workspaces"),
            RuntimeDirectory = Path.Combine(_root, "runtime"),
            WarmKernels = 0,
        });
        _pool = new SandboxPool(new BubblewrapLauncher(options, NullLogger<BubblewrapLauncher>.Instance), options, TimeProvider.System, NullLogger<SandboxPool>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _pool.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>
    /// bubblewrap's --die-with-parent is PR_SET_PDEATHSIG, which fires when the *thread* that forked it exits. Kernels
    /// started from a thread-pool thread died with SIGKILL when the pool retired that thread (the "1 run in 8" flake).
    /// </summary>
    [Fact]
    public async Task A_kernel_outlives_the_thread_that_started_it()
    {
        Task<Kernel>? started = null;
        var thread = new Thread(() =>
        {
            // the thread stays until bubblewrap has armed --die-with-parent (the kernel said ready), then exits
            started = _pool.StartKernelAsync(Guid.NewGuid(), CancellationToken.None);
            ((IAsyncResult)started).AsyncWaitHandle.WaitOne();
        });
        thread.Start();
        thread.Join();
        var kernel = await started!;

        // the thread is gone; the kernel must still answer, now and a moment later
        for (var i = 0; i < 3; i++)
        {
            var result = await kernel.ExecuteAsync("import time; time.sleep(0.2); 6 * 7", null, CancellationToken.None);
            Assert.True(result.Succeeded, result.Error?.Type + ": " + result.Error?.Message);
            Assert.Equal("42", result.ResultText);
        }
        await kernel.DisposeAsync();
    }
}
