using System.Diagnostics;
using CodingAgent.Core.Ports;
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

    private SandboxPool CreatePool(int warm, int maxKernels, string? workspaceRoot = null, int quotaMb = 2048)
    {
        var options = new SandboxOptions
        {
            WorkspaceRoot = workspaceRoot ?? Path.Combine(_root, Guid.NewGuid().ToString("N")),
            WorkspaceQuotaMb = quotaMb,
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
        var pool = CreatePool(warm: 1, maxKernels: 4, quotaMb: 64);
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
        // the warm kernel's filesystem is now the session's, with the session's quota
        var full = await kernel.ExecuteAsync("open('fill.bin', 'wb').write(b'x' * (80 * 1024 * 1024))", null, CancellationToken.None);
        Assert.Equal(pool.WorkspacesAreFilesystems, full.Error?.Message.StartsWith("[Errno 28]", StringComparison.Ordinal) == true);
        Assert.Equal(pool.WorkspacesAreFilesystems, File.Exists(pool.WorkspaceImagePath(session)));
        Assert.Equal(pool.WorkspacesAreFilesystems, MountPoints().Contains(Path.Combine(_workspaceRoots[pool], session.ToString("N"))));
        // the pool refills itself
        await WaitForWarmAsync(pool, 1);
    }

    [Fact]
    public async Task Where_the_app_is_root_with_loop_devices_each_workspace_is_a_filesystem_of_the_quota()
    {
        var pool = CreatePool(warm: 0, maxKernels: 2, quotaMb: 64);
        var session = Guid.NewGuid();
        await PutAsync(pool, session, "data.csv", "a\n1\n");

        Assert.Equal(Environment.IsPrivilegedProcess && File.Exists("/dev/loop-control"), pool.WorkspacesAreFilesystems);
        Assert.True(pool.WorkspacesAreFilesystems, "this suite runs as root with loop devices: the filesystem quota must be tested");
        var workspace = Path.Combine(_workspaceRoots[pool], session.ToString("N"));
        Assert.Contains(workspace, MountPoints());
        var listed = await (await pool.GetKernelAsync(session, CancellationToken.None)).ExecuteAsync("import os, shutil\n(sorted(os.listdir('.')), shutil.disk_usage('.').total <= 64 * 1024 * 1024)", null, CancellationToken.None);
        Assert.Equal("(['data.csv'], True)", listed.ResultText);
    }

    [Fact]
    public async Task A_workspace_filesystem_survives_eviction_and_a_restart_and_goes_with_its_session()
    {
        var root = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        var first = CreatePool(warm: 0, maxKernels: 2, workspaceRoot: root, quotaMb: 64);
        Assert.True(first.WorkspacesAreFilesystems);
        var session = Guid.NewGuid();
        var workspace = Path.Combine(root, session.ToString("N"));
        var wrote = await (await first.GetKernelAsync(session, CancellationToken.None)).ExecuteAsync("os = __import__('os')\nos.makedirs('out')\nopen('out/kept.txt', 'w').write('kept')", null, CancellationToken.None);
        Assert.True(wrote.Succeeded, wrote.Error?.Message);
        await first.EvictIdleAsync(TimeSpan.Zero);
        Assert.Equal("'kept'", (await (await first.GetKernelAsync(session, CancellationToken.None)).ExecuteAsync("open('out/kept.txt').read()", null, CancellationToken.None)).ResultText);

        await first.DisposeAsync();
        Assert.DoesNotContain(MountPoints(), p => p.StartsWith(root, StringComparison.Ordinal));
        var second = CreatePool(warm: 0, maxKernels: 2, workspaceRoot: root, quotaMb: 64);
        Assert.Equal("'kept'", (await (await second.GetKernelAsync(session, CancellationToken.None)).ExecuteAsync("open('out/kept.txt').read()", null, CancellationToken.None)).ResultText);
        Assert.Contains(workspace, MountPoints());

        await second.RemoveSessionAsync(session, CancellationToken.None);
        Assert.DoesNotContain(workspace, MountPoints());
        Assert.False(File.Exists(second.WorkspaceImagePath(session)));
        Assert.False(Directory.Exists(workspace));
    }

    [Fact]
    public async Task Workspace_filesystems_a_crashed_run_left_mounted_are_unmounted_at_start_and_mounted_again_on_use()
    {
        var root = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        var session = Guid.NewGuid();
        var workspace = Path.Combine(root, session.ToString("N"));
        var image = Path.Combine(root, ".images", session.ToString("N") + ".img");
        // what a killed app leaves: a session's image still mounted on its workspace, with a file in it
        Directory.CreateDirectory(workspace);
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        Run("/usr/bin/truncate", "-s", "64M", image);
        Run("/usr/sbin/mkfs.ext4", "-q", "-F", "-O", "^has_journal", image);
        Run("/usr/bin/mount", "-o", "loop", image, workspace);
        await File.WriteAllTextAsync(Path.Combine(workspace, "left.txt"), "left");
        Directory.Delete(Path.Combine(workspace, "lost+found"));

        var pool = CreatePool(warm: 0, maxKernels: 2, workspaceRoot: root, quotaMb: 64);

        Assert.DoesNotContain(workspace, MountPoints());
        Assert.Equal(WorkspaceEntryKind.File, (await pool.GetFileAsync(session, "left.txt", CancellationToken.None))?.Kind);
        Assert.Contains(workspace, MountPoints());
    }

    private static async Task PutAsync(SandboxPool pool, Guid session, string name, string content)
    {
        using var upload = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        await pool.PutFileAsync(session, name, upload, CancellationToken.None);
    }

    /// <summary>Mount points of this process's mount namespace (as /proc/self/mountinfo lists them; test paths have no spaces).</summary>
    private static List<string> MountPoints() =>
        File.ReadAllLines("/proc/self/mountinfo").Select(line => line.Split(' ')[4]).ToList();

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program}: {error}");
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
