using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>The memory profile's two threads: both run, both results come back, and a failure on either is rethrown only once both stopped.</summary>
public sealed class BothCoresTests
{
    [Fact]
    public void Both_pieces_run_at_once_and_both_results_come_back()
    {
        using var bothStarted = new Barrier(2);

        // each waits for the other: they can only finish when they run at once
        var (here, there) = BothCores.Run(() => bothStarted.SignalAndWait(TimeSpan.FromMinutes(1)) ? 1 : -1, () => bothStarted.SignalAndWait(TimeSpan.FromMinutes(1)) ? 2 : -2);

        Assert.Equal((1, 2), (here, there));
    }

    [Fact]
    public void A_failure_on_the_other_thread_is_rethrown_here()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BothCores.Run(() => { }, () => throw new InvalidOperationException("there")));

        Assert.Equal("there", error.Message);
    }

    [Fact]
    public void A_failure_here_is_rethrown_only_after_the_other_thread_stopped()
    {
        var otherDone = false;

        Assert.Throws<InvalidOperationException>(() => BothCores.Run(
            () => throw new InvalidOperationException("here"),
            () =>
            {
                Thread.Sleep(200);
                otherDone = true;
            }));

        Assert.True(otherDone);
    }
}
