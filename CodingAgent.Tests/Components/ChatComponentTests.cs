using Bunit;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Runs;
using CodingAgent.Web.Components.Chat;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

public sealed class ChatComponentTests : BunitContext
{
    public ChatComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(TimeProvider.System);
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
        });
    }

    [Fact]
    public void A_kernel_restart_is_announced_in_the_turn_where_it_happened()
    {
        var turn = new ChatTurn { Id = Guid.NewGuid(), Role = MessageRoles.Assistant, Status = RunStatuses.Running };
        var step = Guid.NewGuid();
        turn.Apply(new RunStartedEvent(Guid.NewGuid(), turn.Id));
        turn.Apply(new KernelRestartedEvent("The Python kernel was restarted since the last question: variables from earlier answers are gone (files stay)."));
        turn.Apply(new CodeEvent(step, "df.head()"));

        var cut = Render<MessageList>(p => p.Add(x => x.Turns, [turn]));

        var notice = cut.Find("[data-testid=kernel-restarted]");
        Assert.Contains("variables from earlier answers are gone", notice.TextContent);
        // announced before the step that runs in the new kernel
        Assert.True(cut.Markup.IndexOf("data-testid=\"kernel-restarted\"", StringComparison.Ordinal) < cut.Markup.IndexOf("data-testid=\"step\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_gallery_shows_every_artifact_newest_first_with_a_download_each()
    {
        var session = Guid.NewGuid();
        var now = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
        Artifact[] artifacts =
        [
            new() { Id = Guid.NewGuid(), SessionId = session, Kind = ArtifactKinds.Table, Name = "by-region", CreatedAt = now.AddMinutes(-2) },
            new() { Id = Guid.NewGuid(), SessionId = session, Kind = ArtifactKinds.Chart, Name = "trend", CreatedAt = now },
            new() { Id = Guid.NewGuid(), SessionId = session, Kind = ArtifactKinds.Image, Name = "figure-1.png", CreatedAt = now.AddMinutes(-1) },
        ];

        var cut = Render<ArtifactGallery>(p => p.Add(x => x.Artifacts, artifacts));

        var items = cut.FindAll("[data-testid=gallery-item]");
        Assert.Equal(["chart", "image", "table"], items.Select(i => i.GetAttribute("data-kind")));
        Assert.Single(cut.FindAll("[data-testid=plotly-chart]"));
        Assert.Equal($"/api/artifacts/{artifacts[2].Id}/content", cut.Find("img").GetAttribute("src"));
        Assert.Equal($"/api/artifacts/{artifacts[0].Id}/content?format=csv", items[2].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void An_empty_gallery_says_so()
    {
        var cut = Render<ArtifactGallery>(p => p.Add(x => x.Artifacts, []));

        Assert.Contains("No charts", cut.Find("[data-testid=gallery-empty]").TextContent);
    }

    [Fact]
    public void Streamed_steps_and_a_chart_render_as_they_arrive()
    {
        var turn = new ChatTurn { Id = Guid.NewGuid(), Role = MessageRoles.Assistant, Status = RunStatuses.Running };
        var runId = Guid.NewGuid();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var chart = Guid.NewGuid();
        turn.Apply(new RunStartedEvent(runId, turn.Id));
        turn.Apply(new TextDeltaEvent("Let me "));
        turn.Apply(new TextDeltaEvent("look at the data."));
        turn.Apply(new CodeEvent(first, "df['Revenue']"));

        var cut = Render<MessageList>(p => p.Add(x => x.Turns, [turn]));

        Assert.Contains("Let me look at the data.", cut.Find("[data-testid=assistant-message]").TextContent);
        Assert.Equal("df['Revenue']", cut.Find("[data-testid=step-code]").TextContent);
        Assert.Contains("Running code", cut.Find("[data-testid=step]").TextContent);
        Assert.NotEmpty(cut.FindAll(".mud-progress-linear"));

        turn.Apply(new StepErrorEvent(first, "KeyError", "'Revenue'", "Traceback (most recent call last):\n  File \"<cell-1>\", line 1"));
        turn.Apply(new StepEndEvent(first, false, 12, null));
        turn.Apply(new CodeEvent(second, "fig = px.line(monthly)\nfig.show()"));
        turn.Apply(new StdoutEvent(second, "2023-01    1234.5\n"));
        turn.Apply(new ArtifactEvent(chart, ArtifactKinds.Chart, "monthly-revenue.json", "application/vnd.plotly.v1+json", second));
        turn.Apply(new StepEndEvent(second, true, 40, null));
        turn.Apply(new TextDeltaEvent("Revenue peaked in **December**."));
        turn.Apply(new FinalEvent("Revenue peaked in **December**."));
        turn.Apply(new DoneEvent(RunStatuses.Completed, new UsageInfo(10, 5)));
        cut.Render();

        // the failed attempt that the second step fixed is folded into one line
        Assert.Single(cut.FindAll("[data-testid=step]"));
        cut.Find("[data-testid=fixed-attempts-toggle]").Click();
        var steps = cut.FindAll("[data-testid=step]");
        Assert.Equal(2, steps.Count);
        Assert.Contains("failed", steps[0].ClassList);
        Assert.Contains("KeyError: 'Revenue'", cut.Find("[data-testid=step-error]").TextContent);
        Assert.Equal("2023-01    1234.5\n", cut.Find("[data-testid=step-stdout]").TextContent);
        var plot = cut.Find("[data-testid=plotly-chart]");
        Assert.Equal(chart.ToString(), plot.GetAttribute("data-artifact"));
        var render = JSInterop.Invocations["codingAgent.renderPlot"];
        Assert.Single(render);
        Assert.Equal($"/api/artifacts/{chart}/content", render[0].Arguments[1]);
        Assert.Equal("December", cut.Find(".ca-markdown strong").TextContent);
        Assert.Empty(cut.FindAll(".mud-progress-linear"));
        Assert.Equal("completed", cut.Find("[data-testid=assistant-message]").GetAttribute("data-status"));
    }

    [Fact]
    public void Model_html_in_answers_is_escaped()
    {
        var turn = new ChatTurn { Id = Guid.NewGuid(), Role = MessageRoles.Assistant };
        turn.Apply(new TextDeltaEvent("<script>alert(1)</script><img src=x onerror=alert(2)>"));

        var cut = Render<AssistantMessage>(p => p.Add(x => x.Turn, turn));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Contains("&lt;script&gt;", cut.Markup);
    }
}
