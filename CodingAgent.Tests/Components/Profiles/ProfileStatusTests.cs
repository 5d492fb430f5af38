using Bunit;
using CodingAgent.Core.Profiling;
using CodingAgent.Web.Components.Files.Profiles;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Components.Profiles;

/// <summary>The profile status of each file in the files panel, polled once a second while pending.</summary>
public sealed class ProfileStatusTests : ProfileTestContext
{
    [Fact]
    public void A_pending_file_shows_its_progress_then_its_findings_once_the_clock_ticks_and_the_profile_is_ready()
    {
        Profiles.Returns("sales.csv", FileProfile.Pending(0.4), ProfileSamples.Sales());

        var cut = RenderPanel([File("sales.csv")]);

        cut.WaitForAssertion(() => Assert.Equal("40", cut.Find("[data-testid=profile-pending]").GetAttribute("data-progress")));
        Assert.Contains("40 %", cut.Find("[data-testid=profile-pending]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=profile-findings]"));

        Time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=profile-findings]").TextContent.Trim()));
        Assert.Equal("Profiled: 3 quality findings", cut.Find("[data-testid=profile-findings]").GetAttribute("title"));
        Assert.Empty(cut.FindAll("[data-testid=profile-pending]"));
    }

    [Fact]
    public void Only_pending_files_are_polled_and_polling_stops_once_none_is_pending()
    {
        Profiles.Returns("sales.csv", FileProfile.Pending(0.1), FileProfile.Pending(0.6), ProfileSamples.Sales());
        Profiles.Returns("ready.csv", ProfileSamples.Sales());

        var cut = RenderPanel([File("sales.csv"), File("ready.csv")]);
        cut.WaitForAssertion(() => Assert.Equal("10", cut.Find("[data-testid=profile-pending]").GetAttribute("data-progress")));

        Time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal("60", cut.Find("[data-testid=profile-pending]").GetAttribute("data-progress")));
        Time.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=profile-findings]").Count));
        Assert.Equal(3, Profiles.GetCalls("sales.csv"));

        for (var i = 0; i < 5; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
        }
        cut.Render();

        Assert.Equal(3, Profiles.GetCalls("sales.csv"));
        Assert.Equal(1, Profiles.GetCalls("ready.csv"));
    }

    [Fact]
    public void A_file_whose_profile_failed_shows_a_focusable_error_icon_with_the_reason_as_its_tooltip()
    {
        Profiles.Returns("bad.csv", FileProfile.Failed("Line 3 has 5 fields where the header has 3.", "csv"));

        var cut = RenderPanel([File("bad.csv")]);

        var failed = cut.WaitForElement("[data-testid=profile-failed]");
        Assert.Equal("Profile failed: Line 3 has 5 fields where the header has 3.", failed.GetAttribute("title"));
        Assert.Equal("img", failed.GetAttribute("role"));
        Assert.Equal("0", failed.GetAttribute("tabindex"));
    }

    [Fact]
    public void A_new_version_of_a_file_is_profiled_again_and_polling_stops_when_the_panel_is_disposed()
    {
        Profiles.Returns("sales.csv", ProfileSamples.Sales());
        var cut = RenderPanel([File("sales.csv")]);
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=profile-findings]").TextContent.Trim()));
        cut.Render(p => p.Add(x => x.Files, [File("sales.csv")]));
        Assert.Equal(1, Profiles.GetCalls("sales.csv"));

        Profiles.Returns("sales.csv", FileProfile.Pending(0.5), ProfileSamples.CleanedSales());
        cut.Render(p => p.Add(x => x.Files, [File("sales.csv", version: 2)]));
        cut.WaitForAssertion(() => Assert.Equal("50", cut.Find("[data-testid=profile-pending]").GetAttribute("data-progress")));

        cut.Dispose();
        Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(1, Profiles.GetCalls("sales.csv"));
    }

    [Fact]
    public void A_file_is_fetched_once_however_often_the_panel_renders_while_its_profile_loads()
    {
        Profiles.Returns("sales.csv", ProfileSamples.Sales());
        Profiles.GetGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cut = RenderPanel([File("sales.csv")]);

        for (var i = 0; i < 3; i++)
        {
            cut.Render(p => p.Add(x => x.Files, [File("sales.csv")]));
        }
        Profiles.GetGate.SetResult();

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=profile-findings]").TextContent.Trim()));
        Assert.Equal(1, Profiles.GetCalls("sales.csv"));
    }

    [Fact]
    public async Task The_poller_stops_its_timer_once_no_profile_is_pending()
    {
        Profiles.Returns("sales.csv", FileProfile.Pending(0.2), ProfileSamples.Sales());
        var changes = 0;
        using var poller = new ProfilePoller(Profiles, Time, () => { Interlocked.Increment(ref changes); return Task.CompletedTask; }, NullLogger.Instance);

        await poller.TrackAsync([new ProfiledFile(Session, "sales.csv", 1)]);
        Assert.True(poller.IsPolling);
        Assert.Equal(ProfileStatuses.Pending, poller.Profiles["sales.csv"].Status);

        Time.Advance(ProfilePoller.Interval);

        Assert.True(SpinWait.SpinUntil(() => !poller.IsPolling, TimeSpan.FromSeconds(30)), "the poller still polls with nothing pending");
        Assert.Equal(ProfileStatuses.Ready, poller.Profiles["sales.csv"].Status);
        Assert.Equal(2, Volatile.Read(ref changes));
        Assert.Equal(2, Profiles.GetCalls("sales.csv"));
    }
}
