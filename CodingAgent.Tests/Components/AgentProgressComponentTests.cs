using Bunit;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Runs;
using CodingAgent.Web.Components.Chat;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <summary>What the page shows of the agent's progress besides text and steps: reasoning, notices, tokens.</summary>
public sealed class AgentProgressComponentTests : BunitContext
{
    public AgentProgressComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(TimeProvider.System);
        Services.AddMudServices();
    }

    private static ChatTurn Running()
    {
        var turn = new ChatTurn { Id = Guid.NewGuid(), Role = MessageRoles.Assistant, Status = RunStatuses.Running };
        turn.Apply(new RunStartedEvent(Guid.NewGuid(), turn.Id));
        return turn;
    }

    [Fact]
    public void Streamed_reasoning_is_one_collapsed_block_before_the_answer_and_its_markup_is_text()
    {
        var turn = Running();
        turn.Apply(new ThinkingEvent("First <b>sum</b> the "));
        turn.Apply(new ThinkingEvent("sales per region."));
        turn.Apply(new TextDeltaEvent("North leads."));

        var cut = Render<MessageList>(p => p.Add(x => x.Turns, [turn]));

        var block = cut.Find("[data-testid=thinking]");
        Assert.False(block.HasAttribute("open"));
        Assert.Equal("First <b>sum</b> the sales per region.", block.QuerySelector("pre")!.TextContent);
        Assert.Empty(block.QuerySelectorAll("b"));
        Assert.True(cut.Markup.IndexOf("data-testid=\"thinking\"", StringComparison.Ordinal) < cut.Markup.IndexOf("North leads.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rate_limit_notice_is_shown_as_information_and_does_not_count_as_a_kernel_restart()
    {
        var turn = Running();
        turn.Apply(new NoticeEvent("The model provider is rate-limiting; retrying in 7 s."));
        turn.Apply(new TextDeltaEvent("Done."));
        turn.Apply(new DoneEvent(RunStatuses.Cancelled, new UsageInfo(0, 0)));

        var cut = Render<MessageList>(p => p.Add(x => x.Turns, [turn]));

        Assert.Equal("The model provider is rate-limiting; retrying in 7 s.", cut.Find("[data-testid=notice]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=kernel-restarted]"));
        Assert.Equal("Stopped — variables kept", cut.Find("[data-testid=turn-phase]").TextContent);
    }

    [Fact]
    public void A_stored_answer_shows_each_steps_tokens_and_the_runs_total()
    {
        var message = new ConversationMessage
        {
            Id = Guid.NewGuid(), Role = MessageRoles.Assistant, Status = RunStatuses.Completed, Content = "Done.", InputTokens = 3500, OutputTokens = 95, Cost = 0.000582m,
            Steps = [new ExecutionStep { Id = Guid.NewGuid(), Index = 1, Code = "print(1)", Succeeded = true, DurationMs = 12, InputTokens = 1000, OutputTokens = 50 }],
        };

        var cut = Render<MessageList>(p => p.Add(x => x.Turns, [ChatTurn.FromMessage(message, Array.Empty<Artifact>().ToLookup(a => (Guid?)a.StepId))]));

        Assert.Equal("1000 tokens in, 50 out", cut.Find("[data-testid=step-tokens]").TextContent);
        Assert.Contains("3500 tokens in, 95 out · cost ≈ 0.0006", cut.Find("[data-testid=turn-status]").TextContent);
    }

    [Fact]
    public void The_sessions_total_sums_its_answers_tokens_and_priced_costs()
    {
        ChatTurn[] turns =
        [
            new() { Id = Guid.NewGuid(), Role = MessageRoles.User, UserText = "a" },
            new() { Id = Guid.NewGuid(), Role = MessageRoles.Assistant, Usage = new UsageInfo(1000, 50, 0.001m) },
            new() { Id = Guid.NewGuid(), Role = MessageRoles.Assistant, Usage = new UsageInfo(2500, 45, 0.0025m) },
        ];

        var cut = Render<SessionUsage>(p => p.Add(x => x.Turns, turns));
        var empty = Render<SessionUsage>(p => p.Add(x => x.Turns, turns[..1]));

        Assert.Equal("Session: 3500 tokens in, 95 out · cost ≈ 0.0035", cut.Find("[data-testid=session-usage]").TextContent);
        Assert.Empty(empty.FindAll("[data-testid=session-usage]"));
    }
}
