using CodingAgent.Core.Profiling;
using Xunit.Abstractions;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>
/// How a profile ends when the worker misbehaves — too much memory, a hang, a crash, a flood of output — or the caller
/// gives up: a failed profile that says why in words for people (or an OperationCanceledException), and no process of
/// the worker left on the host.
/// </summary>
public sealed class ProfilerOutcomeTests(ITestOutputHelper output) : ProfilerTests
{
    private readonly string _token = Guid.NewGuid().ToString("N");

    /// <summary>Python that starts a child (with the test's token in its command line) that sleeps, then blocks itself.</summary>
    private string Sleeper => $$"""
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "{{_token}}"])
        print('{"progress": 0.1}', flush=True)
        time.sleep(600)
        """;

    /// <summary>Profiles the input with <paramref name="script"/> as the worker; the profile must have failed, and this is why.</summary>
    private async Task<string?> FailureAsync(string script, Action<global::CodingAgent.Core.Profiling.ProfilingOptions>? configure = null)
    {
        var profiler = Harness.Create(script, configure, token: _token);
        var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None);
        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        return profile.Error;
    }

    [Fact]
    public async Task Progress_lines_reach_the_caller_in_order_and_the_profile_line_is_returned()
    {
        var profiler = Harness.Create("""
            import json
            for p in (0.25, 0.5, 0.75):
                print(json.dumps({"progress": p}), flush=True)
            print("a library printing to stdout", flush=True)
            print(json.dumps({"profile": {"status": "ready", "format": "csv", "tables": [{"name": "data", "rows": 2, "columns": []}], "findings": []}}), flush=True)
            """);
        var progress = new RecordingProgress();

        var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", progress, CancellationToken.None);

        Assert.Equal([0.25, 0.5, 0.75], progress.Values);
        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        Assert.Equal("csv", profile.Format);
        Assert.Equal("data", Assert.Single(profile.Tables).Name);
        Assert.Empty(profile.Findings);
        Assert.Equal(1, profile.Progress);
    }

    [Fact]
    public async Task A_memory_hog_is_stopped_with_the_out_of_memory_message()
    {
        var profiler = Harness.Create("""
            import os, sys
            print('{"progress": 0.1}', flush=True)
            blocks = []
            for _ in range(64):
                block = bytearray(64 * 1024 * 1024)
                block[::4096] = b"x" * len(range(0, len(block), 4096))
                blocks.append(block)
            print('{"profile": {"status": "ready", "tables": [], "findings": [], "notes": ["held=' + str(len(blocks) * 64) + '", "heap=' + os.environ["DOTNET_GCHeapHardLimit"] + '", "memory=' + sys.argv[4] + '"]}}', flush=True)
            """, o => o.MemoryLimitMb = 128, token: _token);

        var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None);

        output.WriteLine($"resource control: {profiler.ResourceControl?.Description}; outcome: {profile.Status} {profile.Error}");
        var support = Assert.IsType<global::CodingAgent.Sandbox.Cgroups.CgroupSupport>(profiler.ResourceControl);
        // the app's tests run as root, as the app does in production, where the worker must get its cgroup
        Assert.Equal(Environment.IsPrivilegedProcess, support.Available);
        if (support.Available)
        {
            Assert.Equal(ProfileStatuses.Failed, profile.Status);
            Assert.StartsWith("The profiler ran out of memory (limit 128 MB)", profile.Error, StringComparison.Ordinal);
        }
        else
        {
            // no cgroup: the bound is the worker's own (the .NET heap limit and its --memory-mb), which a Python hog ignores
            var notes = ProfilerHarness.Notes(profile);
            Assert.Equal("0x6000000", notes["heap"]);
            Assert.Equal("128", notes["memory"]);
        }
        Assert.Empty(ProfilerHarness.ProcessesWith(_token));
    }

    [Fact]
    public async Task A_worker_that_hangs_is_stopped_at_the_timeout_with_everything_it_started()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var profiler = Harness.Create(Sleeper, o => o.TimeoutSeconds = 30, token: _token, time: time);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var profiling = profiler.ProfileAsync(Harness.InputPath, "data.csv", new RecordingProgress(_ => started.TrySetResult()), CancellationToken.None);
        await started.Task;
        Assert.NotEmpty(ProfilerHarness.ProcessesWith(_token));
        time.Advance(TimeSpan.FromMinutes(5));
        var profile = await profiling;

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.StartsWith("Profiling stopped after 30 s:", profile.Error, StringComparison.Ordinal);
        Assert.Empty(ProfilerHarness.ProcessesWith(_token));
    }

    [Fact]
    public async Task A_profile_returns_before_its_worker_ends_and_a_worker_that_stays_after_its_profile_is_killed_with_everything_it_started()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var profiler = Harness.Create($$$"""
            import subprocess, sys, time
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "{{{_token}}}"])
            print('{"profile": {"status": "ready", "tables": [], "findings": []}}', flush=True)
            time.sleep(600)
            """, o => o.MaxConcurrent = 1, token: _token, time: time);

        var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None);

        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        // the profile came back while the worker still runs; 30 s after its profile line it is killed
        Assert.NotEmpty(ProfilerHarness.ProcessesWith(_token));
        var ended = profiler.EndedAsync();
        using var cap = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!ended.IsCompleted && !cap.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromSeconds(31));
            await Task.WhenAny(ended, Task.Delay(50, CancellationToken.None));
        }
        Assert.True(ended.IsCompleted, "the worker that stayed after its profile was not killed");
        await ended;
        Assert.Empty(ProfilerHarness.ProcessesWith(_token));
    }

    /// <summary>
    /// bubblewrap whose outer process fails while the inner one it cloned waits for its word (which never comes): the
    /// started process exits, and a process of the sandbox still holds its stdout and stderr. The profile used to wait
    /// for their end for ever (and the app's stop with it).
    /// </summary>
    [Fact]
    public async Task A_sandbox_that_breaks_while_it_is_set_up_fails_the_profile_and_leaves_nothing_holding_its_output()
    {
        var bubblewrap = Path.Combine(Harness.Root, "bwrap-" + _token);
        File.WriteAllText(bubblewrap, $"""
            #!/bin/sh
            /usr/bin/python3 -c 'import time; time.sleep(3600)' {_token} &
            echo 'bwrap: Creating new namespace failed: simulated' >&2
            exit 1

            """);
        File.SetUnixFileMode(bubblewrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var profiler = Harness.Create(ProfilerHarness.EmitNotes("[]"), token: _token, sandbox: s => s.BubblewrapPath = bubblewrap);

        try
        {
            // far longer than the profile can take, far shorter than the sleeper holding the output
            var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5));

            Assert.Equal(ProfileStatuses.Failed, profile.Status);
            Assert.Equal("Profiling is unavailable: the file parser's sandbox could not be created (bwrap: Creating new namespace failed: simulated). See README, \"Profiling with the Docker provider\".", profile.Error);
            await profiler.EndedAsync().WaitAsync(TimeSpan.FromMinutes(5));
            // the sandbox's cgroup took it (the tests run as root, as the app does in production); without one it is left
            Assert.Equal(Environment.IsPrivilegedProcess, profiler.ResourceControl?.Available);
            if (Environment.IsPrivilegedProcess)
            {
                Assert.Empty(ProfilerHarness.ProcessesWith(_token));
            }
        }
        finally
        {
            foreach (var pid in ProfilerHarness.ProcessesWith(_token))
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
        }
    }

    [Fact]
    public async Task Cancelling_kills_the_worker_and_everything_it_started_and_throws()
    {
        using var cancellation = new CancellationTokenSource();
        var profiler = Harness.Create(Sleeper, token: _token);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new RecordingProgress(_ => started.TrySetResult());

        var profiling = profiler.ProfileAsync(Harness.InputPath, "data.csv", progress, cancellation.Token);
        await started.Task;
        Assert.NotEmpty(ProfilerHarness.ProcessesWith(_token));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => profiling);
        Assert.Empty(ProfilerHarness.ProcessesWith(_token));
    }

    [Fact]
    public async Task A_crash_says_the_worker_stopped_unexpectedly_with_its_last_error_line_without_host_paths()
    {
        var error = await FailureAsync($$"""
            import sys
            print("Traceback (most recent call last):", file=sys.stderr)
            print("ValueError: cannot parse {{Harness.DataFolder}}/blobs/x at /input/data.csv", file=sys.stderr)
            sys.exit(3)
            """);

        Assert.Equal("The profiler stopped unexpectedly (exit code 3): ValueError: cannot parse …/blobs/x at /input/data.csv", error);
    }

    [Fact]
    public async Task An_endless_error_line_is_cut_and_ends_the_message()
    {
        var error = await FailureAsync("import sys\nfor _ in range(320):\n    sys.stderr.write('x' * 65536)\nsys.stderr.flush()\nsys.exit(2)\n");

        Assert.Equal("The profiler stopped unexpectedly (exit code 2): " + new string('x', 300) + "…", error);
    }

    [Fact]
    public async Task A_worker_killed_by_a_signal_says_which() =>
        Assert.Equal("The profiler stopped unexpectedly (signal 11).", await FailureAsync("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n"));

    [Fact]
    public async Task A_worker_that_exits_without_a_profile_line_fails_the_profile() =>
        Assert.Equal("The profiler stopped unexpectedly (exit code 0).", await FailureAsync("print('{\"progress\": 0.5}')\nprint('{\"profile\": \"not an object\"}')\n"));

    [Theory]
    [InlineData("line = '{\"progress\": 0.5}\\n' * 1000\nwhile True:\n    sys.stdout.write(line)\n")]
    [InlineData("while True:\n    sys.stdout.write('x' * 65536)\n")]
    public async Task A_flood_of_output_is_cut_at_the_cap_and_fails_the_profile_as_too_large(string flood)
    {
        var error = await FailureAsync("import sys\n" + flood, o => o.MaxOutputBytes = 64 * 1024);

        Assert.Equal("The profiler wrote more than 65536 bytes of output: the profile was too large.", error);
        Assert.Empty(ProfilerHarness.ProcessesWith(_token));
    }

    [Fact]
    public async Task Profiles_beyond_the_concurrency_limit_wait_until_a_running_one_has_ended()
    {
        var profiler = Harness.Create($$$"""
            import sys, time
            if sys.argv[2] == "first.csv":
                import subprocess
                subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "{{{_token}}}"])
                print('{"progress": 0.1}', flush=True)
                time.sleep(600)
            print('{"progress": 0.2}', flush=True)
            print('{"profile": {"status": "ready", "tables": [], "findings": []}}', flush=True)
            """, o => o.MaxConcurrent = 1);
        using var cancellation = new CancellationTokenSource();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstRunningWhenSecondStarted = new List<int>();

        var first = profiler.ProfileAsync(Harness.InputPath, "first.csv", new RecordingProgress(_ => firstStarted.TrySetResult()), cancellation.Token);
        await firstStarted.Task;
        var second = profiler.ProfileAsync(Harness.InputPath, "second.csv", new RecordingProgress(_ => firstRunningWhenSecondStarted.AddRange(ProfilerHarness.ProcessesWith(_token))), CancellationToken.None);
        while (profiler.Waiting == 0 && !second.IsCompleted)
        {
            await Task.Yield();
        }
        Assert.Equal(1, profiler.Waiting);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(ProfileStatuses.Ready, (await second).Status);
        Assert.Empty(firstRunningWhenSecondStarted);
    }
}
