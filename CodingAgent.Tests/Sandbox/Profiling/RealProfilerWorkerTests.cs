using CodingAgent.Core.Profiling;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>The real CodingAgent.Profiler (beside the test assembly, as beside the app) under the profiler's confinement.</summary>
public sealed class RealProfilerWorkerTests : ProfilerTests
{
    [Fact]
    public async Task The_real_worker_starts_confined_with_only_its_own_files_and_its_profile_line_comes_back()
    {
        var profiler = Harness.CreateWith();
        var progress = new RecordingProgress();

        var profile = await profiler.ProfileAsync(Harness.InputPath, "sales.csv", progress, CancellationToken.None);

        // the worker ran to its profile line: neither the sandbox nor .NET refused to start it
        Assert.Contains(profile.Status, new[] { ProfileStatuses.Ready, ProfileStatuses.Failed });
        Assert.False(profile.Error?.StartsWith("The profiler stopped unexpectedly", StringComparison.Ordinal) ?? false, profile.Error);
        Assert.False(profile.Error?.StartsWith("The profiler ran out of memory", StringComparison.Ordinal) ?? false, profile.Error);
        Assert.Equal(1, profile.Progress);
        Assert.All(progress.Values, p => Assert.InRange(p, 0, 1));
    }

    [Fact]
    public async Task The_real_worker_started_ahead_under_confinement_profiles_the_next_file()
    {
        var profiler = Harness.CreateWith();
        await profiler.ProfileAsync(Harness.InputPath, "first.csv", null, CancellationToken.None);
        var spare = await profiler.SpareAsync();
        Assert.NotNull(spare);
        await spare.Ready;

        var profile = await profiler.ProfileAsync(Harness.InputPath, "sales.csv", null, CancellationToken.None);

        Assert.True(profile.Status == ProfileStatuses.Ready, profile.Error);
        var table = Assert.Single(profile.Tables);
        Assert.Equal("sales", table.Name);
        Assert.Equal(2, table.Rows);
        // it served this one file and is gone
        await spare.Exited.WaitAsync(TimeSpan.FromMinutes(1));
    }
}
