using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox.Profiling;
using Microsoft.Extensions.Options;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>
/// Workers started ahead of their file (<see cref="ProfilingOptions.WarmWorker"/>): a test-double worker that speaks
/// the waiting protocol (<c>--await /input …</c>, a ready line, one file name on stdin) under the very confinement the
/// real worker gets, reporting what it saw in its profile's notes.
/// </summary>
public sealed class WarmProfilerWorkerTests : ProfilerTests
{
    /// <summary>
    /// Waits (a ready line, then one name on stdin), then reports: its own random id, its arguments, the input
    /// folder's files, the file's content, whether /input is writable, its uid, the file's mode, its interfaces, what
    /// else came on stdin, and whether the data folder is visible.
    /// </summary>
    private string Worker() => $$"""
        import os, sys, time, uuid
        worker = uuid.uuid4().hex
        sys.stdout.write('{"ready": true}\n')
        sys.stdout.flush()
        name = sys.stdin.readline()
        if not name:
            sys.exit(0)
        name = name.rstrip("\n")
        if name == "slow.csv":
            time.sleep(3600)
        path = os.path.join(sys.argv[2], name)
        content = open(path).read()
        more = sys.stdin.read()
        try:
            open("/input/probe", "w").write("x")
            writable = "yes"
        except OSError:
            writable = "no"
        interfaces = sorted(line.split(":")[0].strip() for line in open("/proc/net/dev").read().splitlines()[2:])
        seen = [p for p in [{{Quote(Harness.DataFolder)}}, {{Quote(Harness.OtherSessionFile)}}, {{Quote(Harness.InputPath)}}] if os.path.exists(p)]
        """ + "\n" + ProfilerHarness.EmitNotes(
        "['worker=' + worker, 'argv=' + ' '.join(sys.argv[1:]), 'input=' + ';'.join(sorted(os.listdir('/input'))), 'content=' + content, " +
        "'writable=' + writable, 'uid=' + str(os.getuid()), 'mode=' + oct(os.stat(path).st_mode & 0o777)[2:], 'inode=' + str(os.stat(path).st_ino), 'interfaces=' + ','.join(interfaces), " +
        "'more=' + repr(more), 'seen=' + ';'.join(seen), 'env=' + ';'.join(sorted(os.environ))]");

    [Fact]
    public async Task A_warm_worker_profiles_one_file_and_the_next_profile_gets_a_fresh_one()
    {
        var (profiler, spare) = await WarmAsync();
        var first = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "other.csv", null, CancellationToken.None));
        spare = (await profiler.SpareAsync())!;
        await spare.Ready;
        File.WriteAllText(Harness.InputPath, "city,amount\nRome,3\n");
        var second = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "second.csv", null, CancellationToken.None));

        // the second file went to the worker started ahead: its arguments are the waiting ones, its folder held that file alone
        Assert.Equal("--await /input --memory-mb 256 --threads 2 --scratch /tmp", second["argv"]);
        Assert.Equal("second.csv", second["input"]);
        Assert.Equal("city,amount\nRome,3\n", second["content"]);
        // one file per worker: nothing more came on its stdin, and the next profile has another worker
        Assert.Equal("''", second["more"]);
        Assert.NotEqual(first["worker"], second["worker"]);
        var third = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "third.csv", null, CancellationToken.None));
        Assert.Equal("third.csv", third["input"]);
        Assert.DoesNotContain(third["worker"], new[] { first["worker"], second["worker"] });
    }

    [Fact]
    public async Task A_warm_worker_is_confined_as_a_worker_started_for_its_file()
    {
        var (profiler, _) = await WarmAsync();

        var notes = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "sales 2024.csv", null, CancellationToken.None));

        Assert.Equal("--await /input --memory-mb 256 --threads 2 --scratch /tmp", notes["argv"]);
        Assert.Equal("no", notes["writable"]);
        Assert.Equal("lo", notes["interfaces"]);
        Assert.Equal("", notes["seen"]);
        Assert.Equal(ProfilerHarness.InputContent, notes["content"]);
        Assert.Equal(Environment.IsPrivilegedProcess, notes["uid"] != "0");
        // the upload itself, linked: a 0600 upload with an ACL that lets the worker's own uid read it (the group bits show its mask)
        Assert.Equal(Environment.IsPrivilegedProcess ? "640" : "600", notes["mode"]);
        Assert.Equal(HostSecret.Stat(Harness.InputPath, "%i"), notes["inode"]);
        Assert.Equal(
            "DOTNET_CLI_TELEMETRY_OPTOUT;DOTNET_EnableDiagnostics;DOTNET_GCHeapHardLimit;DOTNET_NOLOGO;DOTNET_ROOT;DOTNET_SYSTEM_GLOBALIZATION_INVARIANT;DOTNET_TieredCompilation;DOTNET_gcServer;HOME;LANG;PATH;PWD;TMPDIR",
            notes["env"]);
        // the grant goes with the worker
        await profiler.EndedAsync();
        Assert.EndsWith(":600", HostSecret.Stat(Harness.InputPath), StringComparison.Ordinal);
        Assert.False(ProfilerHarness.HasAccessAcl(Harness.InputPath));
    }

    [Fact]
    public async Task A_spare_that_dies_while_waiting_is_replaced()
    {
        var (profiler, dying) = await WarmAsync();

        dying.Kill();
        await dying.Exited;
        var replacement = await WaitForAsync(async () => await profiler.SpareAsync() is { } s && s != dying ? s : null);
        await replacement.Ready;

        Assert.False(replacement.HasExited);
        var notes = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "after.csv", null, CancellationToken.None));
        Assert.Equal("--await /input --memory-mb 256 --threads 2 --scratch /tmp", notes["argv"]);
        Assert.Equal("after.csv", notes["input"]);
    }

    [Fact]
    public async Task Disposing_the_profiler_kills_the_spare_and_removes_its_input_folder()
    {
        var token = Guid.NewGuid().ToString("N");
        var (profiler, spare) = await WarmAsync(token);
        Assert.NotEmpty(ProfilerHarness.ProcessesWith(token));

        await profiler.DisposeAsync();

        await spare.Exited.WaitAsync(TimeSpan.FromMinutes(1));
        await WaitForAsync(() => Task.FromResult(ProfilerHarness.ProcessesWith(token).Count == 0 ? "gone" : null));
        var folders = Path.Combine(Harness.Sandbox.RuntimeDirectory, "profiling");
        Assert.Empty(Directory.EnumerateDirectories(folders, "in-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Cancelling_a_profile_on_a_warm_worker_kills_it_and_the_next_profile_gets_a_fresh_one()
    {
        var (profiler, spare) = await WarmAsync();
        using var cancel = new CancellationTokenSource();

        // the worker sleeps once it has this file
        var profile = profiler.ProfileAsync(Harness.InputPath, "slow.csv", null, cancel.Token);
        await WaitForAsync(() => Task.FromResult(Directory.EnumerateFiles(Path.Combine(Harness.Sandbox.RuntimeDirectory, "profiling"), "slow.csv", SearchOption.AllDirectories).FirstOrDefault()));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => profile);
        await spare.Exited.WaitAsync(TimeSpan.FromMinutes(1));
        var notes = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "next.csv", null, CancellationToken.None));
        Assert.Equal("next.csv", notes["input"]);
        Assert.Equal("--await /input --memory-mb 256 --threads 2 --scratch /tmp", notes["argv"]);
    }

    [Fact]
    public async Task A_worker_started_for_its_file_is_never_given_a_second()
    {
        var (profiler, spare) = await WarmAsync();
        await profiler.ProfileAsync(Harness.InputPath, "second.csv", null, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => spare.AssignAsync(Harness.InputPath, "again.csv", CancellationToken.None));
    }

    [Fact]
    public async Task Started_with_the_app_a_warm_worker_takes_the_first_file()
    {
        var profiler = Harness.Create(Worker(), o => o.WarmWorker = true);

        await new ProfilerWarmStart(profiler, Options.Create(new ProfilingOptions { WarmWorker = true, WarmWorkerAtStart = true })).StartAsync(CancellationToken.None);
        var spare = await profiler.SpareAsync();
        Assert.NotNull(spare);
        await spare.Ready;
        var notes = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "first.csv", null, CancellationToken.None));

        Assert.Equal("--await /input --memory-mb 256 --threads 2 --scratch /tmp", notes["argv"]);
        Assert.Equal("first.csv", notes["input"]);
        // that worker profiled its one file and is gone
        await spare.Exited.WaitAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Without_a_start_with_the_app_no_worker_waits_before_the_first_profile_and_the_next_file_gets_a_warm_one()
    {
        var profiler = Harness.Create(Worker(), o => o.WarmWorker = true);

        await new ProfilerWarmStart(profiler, Options.Create(new ProfilingOptions { WarmWorker = true, WarmWorkerAtStart = false })).StartAsync(CancellationToken.None);
        var before = await profiler.SpareAsync();
        // (this worker double speaks only the waiting protocol: started for its file, it ends without a profile)
        await profiler.ProfileAsync(Harness.InputPath, "first.csv", null, CancellationToken.None);
        var spare = await profiler.SpareAsync();

        Assert.Null(before);
        Assert.NotNull(spare);
        await spare.Ready;
        var second = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "second.csv", null, CancellationToken.None));
        Assert.Equal("--await /input --memory-mb 256 --threads 2 --scratch /tmp", second["argv"]);
    }

    /// <summary>A profiler of <see cref="Worker"/> whose first profile has run, with its spare worker warm and waiting.</summary>
    private async Task<(ConfinedFileProfiler Profiler, ISpareProfilerRun Spare)> WarmAsync(string? token = null)
    {
        var profiler = Harness.Create(Worker(), o => o.WarmWorker = true, token);
        await profiler.ProfileAsync(Harness.InputPath, "first.csv", null, CancellationToken.None);
        var spare = await profiler.SpareAsync();
        Assert.NotNull(spare);
        await spare.Ready;
        return (profiler, spare);
    }

    private static string Quote(string path) => "'" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>Polls until <paramref name="probe"/> gives a value (a minute at most: the machine may be busy).</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The condition did not come true within a minute.");
    }
}
