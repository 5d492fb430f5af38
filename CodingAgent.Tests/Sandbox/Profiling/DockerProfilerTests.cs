using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox.Profiling;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>
/// The Docker path of the file profiler (<c>Sandbox:Provider=Docker</c> with <c>Profiling:DockerImage</c>): each
/// profile in a container of its own from the test image (<see cref="ProfilerTestImage"/>, the sandbox image plus .NET
/// and the worker, as the app's image has them), with the real worker or a Python test double in the same container.
/// After every outcome no container of the instance and no input copy is left.
/// </summary>
public sealed class DockerProfilerTests : ProfilerTests
{
    private const string Facts = """
        import json, os, sys
        def status(key):
            return [l for l in open('/proc/self/status') if l.startswith(key + ':')][0].split()[1]
        def attempt(action):
            try:
                action()
                return 'ok'
            except OSError as e:
                return str(e.errno)
        def write(path):
            with open(path, 'w') as f:
                f.write('x')
        """;

    [Fact]
    public async Task A_csv_profiled_in_a_container_by_the_real_worker_comes_back_from_the_worker()
    {
        var profiler = Harness.CreateInContainer();

        var profile = await profiler.ProfileAsync(Harness.InputPath, "sales.csv", null, CancellationToken.None);

        Assert.True(profiler.UsesContainers);
        // the worker's own profile came back through the container's stdout
        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        var table = Assert.Single(profile.Tables);
        Assert.Equal(2, table.Rows);
        Assert.Equal(ColumnTypes.Integer, table.Columns.Single(c => c.Name == "amount").Type);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task The_container_has_no_network_but_loopback()
    {
        var notes = await FactsInContainerAsync("data.csv",
            "['interfaces=' + ','.join(sorted(os.listdir('/sys/class/net'))),"
            + " 'netdev=' + ','.join(sorted(l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:])),"
            + " 'routes=' + str(len(open('/proc/net/route').readlines()) - 1)]");

        Assert.Equal("lo", notes["interfaces"]);
        Assert.Equal("lo", notes["netdev"]);
        Assert.Equal("0", notes["routes"]);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task The_container_sees_the_input_alone_read_only_and_nothing_of_the_data_folder()
    {
        var hostPaths = new[] { Harness.DataFolder, Harness.InputPath, Harness.OtherSessionFile, Harness.Sandbox.RuntimeDirectory, Harness.Sandbox.WorkspaceRoot, Harness.Root };
        var notes = await FactsInContainerAsync("../sales report.csv",
            "['argv=' + '|'.join(sys.argv[1:3]), 'inputs=' + ','.join(os.listdir('/input')), 'content=' + open(sys.argv[1]).read().replace(chr(10), ';'),"
            + " 'append=' + attempt(lambda: open(sys.argv[1], 'a').close()),"
            + " 'host=' + ','.join(str(os.path.exists(p)) for p in " + PythonList(hostPaths) + ")]");

        Assert.Equal("/input/sales report.csv|sales report.csv", notes["argv"]);
        Assert.Equal("sales report.csv", notes["inputs"]);
        Assert.Equal(ProfilerHarness.InputContent.Replace('\n', ';'), notes["content"]);
        // 30: a read-only mount, 13: a 0444 file of somebody else
        Assert.Contains(notes["append"], new[] { "30", "13" });
        Assert.Equal(string.Join(',', hostPaths.Select(_ => "False")), notes["host"]);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task The_root_filesystem_is_read_only_and_tmp_is_the_only_writable_place()
    {
        var notes = await FactsInContainerAsync("data.csv",
            "['root=' + attempt(lambda: write('/evil')), 'etc=' + attempt(lambda: write('/etc/evil')), 'app=' + attempt(lambda: write('/app/evil')),"
            + " 'tmp=' + attempt(lambda: write('/tmp/scratch')), 'cwd=' + os.getcwd()]");

        Assert.Equal("30", notes["root"]);
        Assert.Equal("30", notes["etc"]);
        Assert.Equal("30", notes["app"]);
        Assert.Equal("ok", notes["tmp"]);
        Assert.Equal("/tmp", notes["cwd"]);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task The_worker_runs_as_65534_without_capabilities_privileges_or_the_apps_environment()
    {
        var notes = await FactsInContainerAsync("data.csv",
            "['uid=%d:%d' % (os.getuid(), os.getgid()), 'groups=' + ','.join(map(str, os.getgroups())), 'caps=' + status('CapEff') + status('CapBnd'),"
            + " 'nnp=' + status('NoNewPrivs'), 'seccomp=' + status('Seccomp'), 'env=' + ';'.join(sorted(os.environ)),"
            + " 'home=' + os.environ['HOME'] + os.environ['TMPDIR'], 'gc=' + os.environ['DOTNET_gcServer'] + os.environ['DOTNET_SYSTEM_GLOBALIZATION_INVARIANT'],"
            + " 'args=' + ' '.join(sys.argv[3:])]", o => { o.MemoryLimitMb = 256; o.Threads = 1; });

        Assert.Equal("65534:65534", notes["uid"]);
        // its own group only
        Assert.Equal("65534", notes["groups"]);
        Assert.Equal("00000000000000000000000000000000", notes["caps"]);
        Assert.Equal("1", notes["nnp"]);
        Assert.Equal("2", notes["seccomp"]);
        Assert.DoesNotContain("CODINGAGENT", notes["env"], StringComparison.Ordinal);
        // the clean environment, and the container's HOSTNAME (the test image has no ENV of its own)
        Assert.Equal(
            "DOTNET_CLI_TELEMETRY_OPTOUT;DOTNET_EnableDiagnostics;DOTNET_GCHeapHardLimit;DOTNET_NOLOGO;DOTNET_ROOT;DOTNET_SYSTEM_GLOBALIZATION_INVARIANT;DOTNET_gcServer;HOME;HOSTNAME;LANG;PATH;TMPDIR",
            notes["env"]);
        Assert.Equal("/tmp/tmp", notes["home"]);
        Assert.Equal("01", notes["gc"]);
        Assert.Equal("--memory-mb 256 --threads 1 --scratch /tmp", notes["args"]);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_memory_hog_is_stopped_with_the_out_of_memory_message()
    {
        var profiler = Harness.CreateInContainer("""
            blocks = []
            while True:
                blocks.append(b'x' * (16 << 20))
            """, o => o.MemoryLimitMb = 128);

        var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None);

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Equal("The profiler ran out of memory (limit 128 MB) reading this file. Profiling:MemoryLimitMb sets the limit.", profile.Error);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_worker_that_hangs_is_killed_at_the_timeout_with_the_timeout_message()
    {
        var profiler = Harness.CreateInContainer("""
            import sys, time
            sys.stdout.write('{"progress": 0.25}\n')
            sys.stdout.flush()
            time.sleep(3600)
            """, o => o.TimeoutSeconds = 2);
        var progress = new RecordingProgress();

        var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", progress, CancellationToken.None);

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Equal("Profiling stopped after 2 s: the file took too long to read. Profiling:TimeoutSeconds sets the limit.", profile.Error);
        Assert.Equal([0.25], progress.Values);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_crash_is_an_unexpected_stop_with_the_last_stderr_line()
    {
        var profiler = Harness.CreateInContainer("""
            import sys
            sys.stderr.write('reading ' + sys.argv[1] + '\n' + 'parser crashed in /app/CodingAgent.Profiler.dll at row 2\n')
            sys.exit(3)
            """);

        var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None);

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Equal("The profiler stopped unexpectedly (exit code 3): parser crashed in … at row 2", profile.Error);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Cancelling_removes_the_container_and_throws()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new RecordingProgress(_ => cancel.Cancel());
        var profiler = Harness.CreateInContainer("""
            import sys, time
            sys.stdout.write('{"progress": 0.5}\n')
            sys.stdout.flush()
            time.sleep(3600)
            """);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => profiler.ProfileAsync(Harness.InputPath, "data.csv", progress, cancel.Token));

        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Profiler_containers_a_crashed_app_left_are_removed_before_the_first_profile()
    {
        var leftover = await DockerCommandAsync("create", "--label", $"{DockerProfilerLauncher.Label}={Harness.Sandbox.InstanceName}", "--network", "none", ProfilerTestImage.Tag.Value, "/usr/bin/true");
        var profiler = Harness.CreateInContainer(ProfilerHarness.EmitNotes("[]"));
        Assert.Contains(leftover.Trim()[..12], string.Join(',', await DockerCli.ContainersAsync(Harness.Sandbox.InstanceName, DockerProfilerLauncher.Label)), StringComparison.Ordinal);

        var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None);

        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        await AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_profiler_image_that_does_not_exist_is_never_pulled_and_says_how_to_get_it()
    {
        var profiler = Harness.CreateWith(o => o.DockerImage = "codingagent-profiler-test:does-not-exist", s => s.Provider = global::CodingAgent.Sandbox.SandboxOptions.DockerProvider);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None));

        Assert.Contains("codingagent-profiler-test:does-not-exist (Profiling:DockerImage) does not exist", error.Message, StringComparison.Ordinal);
        Assert.Empty(await DockerCli.ContainersAsync(Harness.Sandbox.InstanceName, DockerProfilerLauncher.Label));
    }

    [Fact]
    public void The_docker_image_is_used_with_the_Docker_provider_only()
    {
        Assert.False(Harness.CreateWith(o => o.DockerImage = "any:tag").UsesContainers);
        Assert.True(Harness.CreateWith(o => o.DockerImage = "any:tag", s => s.Provider = global::CodingAgent.Sandbox.SandboxOptions.DockerProvider).UsesContainers);
    }

    /// <summary>Runs a test double that prints the notes <paramref name="notesExpression"/> (Python, with <see cref="Facts"/>' helpers) in a container, and returns them.</summary>
    private async Task<IReadOnlyDictionary<string, string>> FactsInContainerAsync(string fileName, string notesExpression, Action<ProfilingOptions>? configure = null)
    {
        var profiler = Harness.CreateInContainer(Facts + "\n" + ProfilerHarness.EmitNotes(notesExpression), configure);
        return ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, fileName, null, CancellationToken.None));
    }

    private async Task AssertNothingLeftAsync()
    {
        // (a profile returns before its worker has ended)
        await Harness.WorkersEndedAsync();
        Assert.Empty(await DockerCli.ContainersAsync(Harness.Sandbox.InstanceName, DockerProfilerLauncher.Label));
        var copies = Path.Combine(Harness.Sandbox.RuntimeDirectory, "profiling");
        Assert.Empty(Directory.Exists(copies) ? Directory.EnumerateFiles(copies, "*", SearchOption.AllDirectories) : []);
    }

    private static string PythonList(IEnumerable<string> values) =>
        "[" + string.Join(", ", values.Select(v => "'" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'")) + "]";

    private static async Task<string> DockerCommandAsync(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("docker") { RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var docker = System.Diagnostics.Process.Start(start)!;
        var output = await docker.StandardOutput.ReadToEndAsync();
        await docker.WaitForExitAsync();
        Assert.Equal(0, docker.ExitCode);
        return output;
    }
}
