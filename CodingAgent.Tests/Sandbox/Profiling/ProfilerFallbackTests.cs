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
        // the scratch folder went with the profile
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
}
