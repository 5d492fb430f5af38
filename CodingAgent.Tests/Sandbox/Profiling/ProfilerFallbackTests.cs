using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Profiling;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>Where bubblewrap is missing: refused, unconfined only when development allows it, and failed profiles with the Docker provider.</summary>
public sealed class ProfilerFallbackTests : ProfilerTests
{
    [Fact]
    public void Without_bubblewrap_the_profiler_refuses_to_exist_rather_than_parse_files_unconfined()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Harness.Create("", sandbox: s => s.BubblewrapPath = "/nonexistent/bwrap"));

        Assert.Contains("bubblewrap was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sandbox:AllowUnconfined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allowed_unconfined_the_worker_is_a_plain_child_with_a_clean_environment_and_a_warning()
    {
        var logger = new RecordingLogger<ConfinedFileProfiler>();
        var profiler = Harness.Create("""
            import os, sys
            """ + "\n" + ProfilerHarness.EmitNotes("['env=' + ';'.join(sorted(os.environ)), 'secret=' + str('CODINGAGENT_FAKE_SECRET' in os.environ), 'input=' + sys.argv[1], 'scratch=' + str(sys.argv[-1] == os.getcwd() == os.environ['TMPDIR'])]"),
            sandbox: s => { s.BubblewrapPath = "/nonexistent/bwrap"; s.AllowUnconfined = true; },
            logger: logger);

        var notes = ProfilerHarness.Notes(await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None));

        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("UNCONFINED", StringComparison.Ordinal));
        Assert.Equal("False", notes["secret"]);
        Assert.DoesNotContain("CODINGAGENT", notes["env"], StringComparison.Ordinal);
        Assert.Equal(Harness.InputPath, notes["input"]);
        Assert.Equal("True", notes["scratch"]);
        // the scratch folder went with the worker (which ends after its profile is returned)
        await profiler.EndedAsync();
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.Combine(Harness.Sandbox.RuntimeDirectory, "profiling"), "*", SearchOption.AllDirectories), e => Path.GetFileName(e).StartsWith("scratch-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_Docker_provider_and_no_bubblewrap_every_profile_fails_saying_why()
    {
        var logger = new RecordingLogger<ConfinedFileProfiler>();
        var profiler = Harness.Create("", sandbox: s => { s.BubblewrapPath = "/nonexistent/bwrap"; s.Provider = SandboxOptions.DockerProvider; }, logger: logger);

        var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None);

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.StartsWith("Profiling is unavailable: the app cannot confine the file parser here", profile.Error, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("files cannot be profiled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Where_the_host_refuses_bubblewrap_its_namespaces_every_profile_fails_saying_so()
    {
        // what bubblewrap says in a container with Docker's default seccomp profile
        var bubblewrap = Path.Combine(Harness.Root, "bwrap");
        await File.WriteAllTextAsync(bubblewrap, "#!/bin/sh\necho 'bwrap: Creating new namespace failed: Operation not permitted' >&2\nexit 1\n");
        File.SetUnixFileMode(bubblewrap, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var profiler = Harness.Create("", sandbox: s => { s.BubblewrapPath = bubblewrap; s.Provider = SandboxOptions.DockerProvider; });

        var profile = await profiler.ProfileAsync(Harness.InputPath, "data.csv", null, CancellationToken.None);

        Assert.Equal(ProfileStatuses.Failed, profile.Status);
        Assert.Equal("Profiling is unavailable: the file parser's sandbox could not be created (bwrap: Creating new namespace failed: Operation not permitted). See README, \"Profiling with the Docker provider\".", profile.Error);
    }

    [Fact]
    public async Task A_missing_input_is_the_callers_error_not_a_failed_profile()
    {
        var profiler = Harness.Create(ProfilerHarness.EmitNotes("[]"));

        await Assert.ThrowsAsync<FileNotFoundException>(() => profiler.ProfileAsync(Harness.InputPath + "-gone", "data.csv", null, CancellationToken.None));
    }
}
