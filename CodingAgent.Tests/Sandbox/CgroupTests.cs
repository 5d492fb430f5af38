using System.Diagnostics;
using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Cgroups;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Sandbox;

/// <summary>The host side of kernel cgroups: joining before running, layouts, and leftovers of a crashed app.</summary>
public sealed class CgroupTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("codingagent-cgroup-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output.Trim());
    }

    [Fact]
    public async Task A_kernel_command_joins_its_cgroups_before_it_runs()
    {
        var procs = new[] { Path.Combine(_root, "memory.procs"), Path.Combine(_root, "pids procs with space") };
        var command = new ProcessStartInfo("/bin/sh");
        command.ArgumentList.Add("-c");
        command.ArgumentList.Add("echo $$; cat \"$1\" \"$2\"");
        command.ArgumentList.Add("sh");
        command.ArgumentList.Add(procs[0]);
        command.ArgumentList.Add(procs[1]);

        var (exitCode, output) = await RunAsync(CgroupJoinCommand.Wrap(command, procs));

        // the command is the process that joined (exec), and it found itself in both files when it started
        Assert.Equal(0, exitCode);
        var lines = output.Split('\n');
        Assert.Equal([lines[0], lines[0], lines[0]], lines);
    }

    [Fact]
    public async Task A_kernel_command_does_not_run_when_it_cannot_join_its_cgroup()
    {
        var marker = Path.Combine(_root, "ran");
        var command = new ProcessStartInfo("/usr/bin/touch");
        command.ArgumentList.Add(marker);

        var (exitCode, _) = await RunAsync(CgroupJoinCommand.Wrap(command, [Path.Combine(_root, "no-such-folder", "cgroup.procs")]));

        Assert.Equal(CgroupJoinCommand.JoinFailedExitCode, exitCode);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Mounts_resolve_a_process_cgroup_on_v1_and_refuse_paths_outside_the_namespace()
    {
        foreach (var controller in CgroupMounts.V1Controllers)
        {
            Directory.CreateDirectory(Path.Combine(_root, controller, "app"));
        }
        var mountInfo = Path.Combine(_root, "mountinfo");
        File.WriteAllLines(mountInfo,
        [
            $"31 23 0:28 / {_root} rw,relatime - tmpfs tmpfs rw,mode=755",
            $"32 31 0:29 / {_root}/cpu rw,relatime - cgroup cgroup rw,cpu",
            $"35 31 0:32 / {_root}/memory rw,relatime - cgroup cgroup rw,memory",
            $"37 31 0:34 / {_root}/freezer rw,relatime shared:9 - cgroup cgroup rw,freezer",
            $"39 31 0:36 / {_root}/pids rw,relatime - cgroup cgroup rw,pids",
            $"41 31 0:38 / {_root}/unified rw,relatime - cgroup2 cgroup2 rw",
        ]);

        var mounts = CgroupMounts.Read(mountInfo);
        var cgroup = mounts.Resolve("8:pids:/app\n6:freezer:/app\n4:memory:/app\n1:cpu:/app\n0::/\n");

        Assert.Equal(CgroupVersion.V1, mounts.Version);
        Assert.NotNull(cgroup);
        Assert.Equal(Path.Combine(_root, "memory", "app"), cgroup.DirectoryOf(Cgroup.Memory));
        Assert.Equal(4, cgroup.ProcsFiles.Count);
        Assert.Null(mounts.Resolve("8:pids:/../other\n6:freezer:/app\n4:memory:/app\n1:cpu:/app\n"));
    }

    [Fact]
    public async Task Kernel_cgroups_on_v2_get_memory_without_swap_tasks_and_cpu_limits_below_the_apps_cgroup()
    {
        Directory.CreateDirectory(Path.Combine(_root, "app.slice"));
        await File.WriteAllTextAsync(Path.Combine(_root, "cgroup.controllers"), "cpuset cpu io memory pids\n");
        var mounts = new CgroupMounts(new Dictionary<string, CgroupMount>(), new CgroupMount(_root, "/"));
        var options = new SandboxOptions { InstanceName = "web/1", MemoryLimitMb = 512, MaxProcesses = 40, DockerCpus = 1.5 };

        await using var cgroups = new KernelCgroups(options, mounts, "0::/app.slice\n", NullLogger.Instance);
        var cgroup = cgroups.Create()!;
        // a real cgroup has these files from the start; the fake one gets them when they are written
        var directory = Assert.Single(cgroup.Directories);
        string Read(string file) => File.ReadAllText(Path.Combine(directory, file));

        Assert.True(cgroups.Support.Available, cgroups.Support.Description);
        Assert.Equal(Path.Combine(_root, "app.slice", "codingagent", "web_1"), Path.GetDirectoryName(directory));
        Assert.Equal("+memory +pids +cpu", File.ReadAllText(Path.Combine(_root, "app.slice", "codingagent", "cgroup.subtree_control")));
        Assert.Equal((512L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), Read("memory.max"));
        Assert.Equal((40 + KernelCgroups.SandboxTasks).ToString(System.Globalization.CultureInfo.InvariantCulture), Read("pids.max"));
        Assert.Equal("150000 100000", Read("cpu.max"));
        Assert.Equal([Path.Combine(directory, "cgroup.procs")], cgroup.ProcsFiles);
    }

    /// <summary>On this host's real hierarchy (v1 or v2): the app's tests run as root, as the app does in production.</summary>
    [Fact]
    public async Task Cgroups_of_an_app_process_that_is_gone_are_removed_at_start_and_those_of_a_live_one_are_kept()
    {
        var options = new SandboxOptions { InstanceName = "tests-" + Guid.NewGuid().ToString("N")[..8] };
        await using var first = new KernelCgroups(options, NullLogger.Instance);
        Assert.True(first.Support.Available, first.Support.Description);
        var live = first.Create()!;
        var stale = live.Directories.Select(d => Path.Combine(Path.GetDirectoryName(d)!, "999999999-1-1")).ToList();
        foreach (var directory in stale)
        {
            Directory.CreateDirectory(directory);
        }

        await using var second = new KernelCgroups(options, NullLogger.Instance);

        Assert.All(stale, d => Assert.False(Directory.Exists(d), d));
        Assert.All(live.Directories, d => Assert.True(Directory.Exists(d), d));
        Assert.True(await live.RemoveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_pools_of_one_instance_in_one_process_never_share_a_kernel_cgroup()
    {
        var options = new SandboxOptions { InstanceName = "tests-" + Guid.NewGuid().ToString("N")[..8] };
        await using var first = new KernelCgroups(options, NullLogger.Instance);
        await using var second = new KernelCgroups(options, NullLogger.Instance);

        var a = first.Create()!;
        var b = second.Create()!;

        Assert.Empty(a.Directories.Intersect(b.Directories));
        Assert.True(await a.RemoveAsync(CancellationToken.None));
        Assert.All(b.Directories, d => Assert.True(Directory.Exists(d), d));
        Assert.True(await b.RemoveAsync(CancellationToken.None));
    }
}
