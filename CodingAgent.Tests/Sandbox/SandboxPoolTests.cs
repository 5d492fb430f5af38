using System.Diagnostics;
using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Sandbox;

/// <summary>Warm pool, idle eviction and the kernel cap, on the bubblewrap backend.</summary>
public sealed class SandboxPoolTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-pool-" + Guid.NewGuid().ToString("N"));
    private readonly List<SandboxPool> _pools = [];
    private readonly Dictionary<SandboxPool, string> _workspaceRoots = [];

    private SandboxPool CreatePool(int warm, int maxKernels)
    {
        var options = new SandboxOptions
        {
            WorkspaceRoot = Path.Combine(_root, Guid.NewGuid().ToString("N")),
            RuntimeDirectory = Path.Combine(_root, "runtime"),
            WarmKernels = warm,
            MemoryLimitMb = 512,
            MaxTotalMemoryMb = 512 * maxKernels,
        };
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var pool = new SandboxPool(new BubblewrapLauncher(wrapped, NullLogger<BubblewrapLauncher>.Instance), wrapped, TimeProvider.System, NullLogger<SandboxPool>.Instance);
        _pools.Add(pool);
        _workspaceRoots[pool] = options.WorkspaceRoot;
        return pool;
    }

    private static async Task WaitForWarmAsync(SandboxPool pool, int count)
    {
        var stopwatch = Stopwatch.StartNew();
        while (pool.WarmCount < count)
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"the warm pool has {pool.WarmCount} of {count} kernels");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_new_session_gets_a_warm_kernel_with_pandas_loaded_and_its_uploaded_files()
    {
        var pool = CreatePool(warm: 1, maxKernels: 4);
        await pool.StartAsync(CancellationToken.None);
        await WaitForWarmAsync(pool, 1);
        var session = Guid.NewGuid();
        using (var upload = new MemoryStream("a\n1\n"u8.ToArray()))
        {
            await pool.PutFileAsync(session, "early.csv", upload, CancellationToken.None);
        }

        var kernel = await pool.GetKernelAsync(session, CancellationToken.None);
        var result = await kernel.ExecuteAsync("import sys, os\n('pandas' in sys.modules, sorted(os.listdir('.')), open('early.csv', 'a').write('2\\n'))", null, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("(True, ['early.csv'], 2)", result.ResultText);
        var write = await kernel.ExecuteAsync("open('made.txt', 'w').write('hi')", null, CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(_workspaceRoots[pool], session.ToString("N"), "made.txt")));
        Assert.Equal("made.txt", Assert.Single(write.Artifacts).Name);
        // the pool refills itself
        await WaitForWarmAsync(pool, 1);
    }

    [Fact]
    public async Task Idle_kernels_are_evicted_and_the_next_execution_starts_a_fresh_one()
    {
        var pool = CreatePool(warm: 0, maxKernels: 4);
        var session = Guid.NewGuid();
        var first = await pool.GetKernelAsync(session, CancellationToken.None);
        await first.ExecuteAsync("x = 1", null, CancellationToken.None);

        await pool.EvictIdleAsync(TimeSpan.Zero);

        Assert.False(first.IsAlive);
        Assert.Equal(0, pool.LiveCount);
        var second = await pool.GetKernelAsync(session, CancellationToken.None);
        Assert.NotSame(first, second);
        var result = await second.ExecuteAsync("'x' in globals()", null, CancellationToken.None);
        Assert.Equal("False", result.ResultText);
    }

    [Fact]
    public async Task At_the_kernel_cap_the_least_recently_used_idle_kernel_makes_room()
    {
        var pool = CreatePool(warm: 0, maxKernels: 2);
        var a = await pool.GetKernelAsync(Guid.NewGuid(), CancellationToken.None);
        await a.ExecuteAsync("1", null, CancellationToken.None);
        var b = await pool.GetKernelAsync(Guid.NewGuid(), CancellationToken.None);
        await b.ExecuteAsync("1", null, CancellationToken.None);

        var c = await pool.GetKernelAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.False(a.IsAlive);
        Assert.True(b.IsAlive);
        Assert.True(c.IsAlive);
        Assert.Equal(2, pool.LiveCount);
    }

    [Fact]
    public async Task When_every_kernel_is_busy_a_new_session_gets_a_clear_capacity_error()
    {
        var pool = CreatePool(warm: 0, maxKernels: 1);
        var busy = await pool.GetKernelAsync(Guid.NewGuid(), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var running = busy.ExecuteAsync("import time\ntime.sleep(30)", null, cancel.Token);
        await Task.Delay(300);

        var error = await Assert.ThrowsAsync<SandboxCapacityException>(() => pool.GetKernelAsync(Guid.NewGuid(), CancellationToken.None));
        Assert.Contains("busy", error.Message);

        await cancel.CancelAsync();
        var result = await running;
        Assert.Equal("KeyboardInterrupt", result.Error!.Type);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var pool in _pools)
        {
            await pool.DisposeAsync();
        }
        Directory.Delete(_root, recursive: true);
    }
}
