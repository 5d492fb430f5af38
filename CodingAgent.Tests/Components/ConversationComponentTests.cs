using Bunit;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using CodingAgent.Web.Components.Chat;
using CodingAgent.Web.Components.Chat.Steps;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <summary>The conversation's components: streamed steps, folded attempts and tracebacks, the input's keys, the variables panel.</summary>
public sealed class ConversationComponentTests : BunitContext
{
    private const string PandasTraceback = """
        Traceback (most recent call last):
          File "<cell-2>", line 2, in <module>
            monthly = df.groupby('month')['Revenue'].sum()
                      ~~~~~~~~~~~~~~~~~~~^^^^^^^^^^^
          File "/usr/lib/python3/dist-packages/pandas/core/groupby/generic.py", line 1951, in __getitem__
            return super().__getitem__(key)
          File "/usr/lib/python3/dist-packages/pandas/core/base.py", line 244, in __getitem__
            raise KeyError(f"Column not found: {key}")
        KeyError: 'Column not found: Revenue'
        """;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public ConversationComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddMudServices();
    }

    private ChatTurn RunningTurn() =>
        new() { Id = Guid.NewGuid(), Role = MessageRoles.Assistant, Status = RunStatuses.Running, StartedAt = _time.GetUtcNow() };

    [Fact]
    public void A_streaming_turn_shows_its_phase_elapsed_time_and_then_the_tokens_of_the_done_event()
    {
        var turn = RunningTurn();
        turn.Apply(new TextDeltaEvent("Looking"));
        var cut = Render<AssistantMessage>(p => p.Add(x => x.Turn, turn));
        Assert.StartsWith("Thinking", cut.Find("[data-testid=turn-phase]").TextContent);

        var step = Guid.NewGuid();
        turn.Apply(new CodeEvent(step, "import time\ntime.sleep(1)"));
        _time.Advance(TimeSpan.FromSeconds(3));
        cut.Render();
        Assert.StartsWith("Running code", cut.Find("[data-testid=turn-phase]").TextContent);
        Assert.Contains("3.0 s", cut.Find("[data-testid=turn-status]").TextContent);
        Assert.Equal("running", cut.Find("[data-testid=step]").GetAttribute("data-state"));

        turn.Apply(new StepEndEvent(step, true, 1234, null));
        turn.Apply(new DoneEvent(RunStatuses.Completed, new UsageInfo(1500, 42)));
        turn.EndedAt = _time.GetUtcNow();
        cut.Render();
        var status = cut.Find("[data-testid=turn-status]").TextContent;
        Assert.StartsWith("Done", status.Trim());
        Assert.Contains("1500 tokens in, 42 out", status);
        Assert.Equal("1.2 s", cut.Find("[data-testid=step-duration]").TextContent);
    }

    [Fact]
    public void A_long_step_is_collapsed_to_a_few_highlighted_lines_with_show_all_and_a_copy_button()
    {
        var code = "# load\nimport pandas as pd\ndf = pd.read_csv('sales.csv')\n" + string.Join('\n', Enumerable.Range(1, 10).Select(i => $"x{i} = {i}"));
        var turn = RunningTurn();
        var step = Guid.NewGuid();
        turn.Apply(new CodeEvent(step, code));

        var cut = Render<AssistantMessage>(p => p.Add(x => x.Turn, turn));

        var block = cut.Find("[data-testid=step-code]");
        Assert.Equal("true", block.GetAttribute("data-collapsed"));
        Assert.DoesNotContain("x10 = 10", block.TextContent);
        Assert.Equal("# load", cut.Find("[data-testid=step-code] .tok-com").TextContent);
        Assert.Equal(["import", "as"], cut.FindAll("[data-testid=step-code] .tok-kw").Select(e => e.TextContent));
        Assert.Equal("'sales.csv'", cut.Find("[data-testid=step-code] .tok-str").TextContent);

        cut.Find("[data-testid=copy-code]").Click();
        var copy = Assert.Single(JSInterop.Invocations["codingAgentChat.copyText"]);
        Assert.Equal(code, copy.Arguments[0]);

        cut.Find("[data-testid=code-toggle]").Click();
        Assert.Equal("false", cut.Find("[data-testid=step-code]").GetAttribute("data-collapsed"));
        Assert.Contains("x10 = 10", cut.Find("[data-testid=step-code]").TextContent);
    }

    [Fact]
    public void Code_that_looks_like_markup_is_shown_as_text()
    {
        var turn = RunningTurn();
        turn.Apply(new CodeEvent(Guid.NewGuid(), "print('<img src=x onerror=alert(1)>')"));

        var cut = Render<AssistantMessage>(p => p.Add(x => x.Turn, turn));

        Assert.Empty(cut.FindAll("img"));
        Assert.Contains("<img src=x onerror=alert(1)>", cut.Find("[data-testid=step-code]").TextContent);
    }

    [Fact]
    public void Failed_attempts_that_a_later_step_fixed_fold_into_one_line_closed_until_clicked()
    {
        var turn = RunningTurn();
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        turn.Apply(new CodeEvent(a, "df['Revenue']"));
        turn.Apply(new StepErrorEvent(a, "KeyError", "'Revenue'", ""));
        turn.Apply(new StepEndEvent(a, false, 5, null));
        turn.Apply(new TextDeltaEvent("Trying the lower-case name."));
        turn.Apply(new CodeEvent(b, "df['revenue ']"));
        turn.Apply(new StepErrorEvent(b, "KeyError", "'revenue '", ""));
        turn.Apply(new StepEndEvent(b, false, 5, null));

        var cut = Render<AssistantMessage>(p => p.Add(x => x.Turn, turn));
        // not fixed (yet): the failures stay visible
        Assert.Empty(cut.FindAll("[data-testid=fixed-attempts]"));
        Assert.Equal(2, cut.FindAll("[data-testid=step-error]").Count);

        turn.Apply(new CodeEvent(c, "df['revenue'].sum()"));
        turn.Apply(new StepEndEvent(c, true, 5, "42"));
        cut.Render();

        var fold = cut.Find("[data-testid=fixed-attempts]");
        Assert.Equal("false", fold.GetAttribute("data-open"));
        Assert.Contains("Fixed after 2 failed attempts", fold.TextContent);
        Assert.Single(cut.FindAll("[data-testid=step]"));
        Assert.Empty(cut.FindAll("[data-testid=step-error]"));
        Assert.DoesNotContain("Trying the lower-case name.", cut.Markup);

        cut.Find("[data-testid=fixed-attempts-toggle]").Click();

        Assert.Equal("true", cut.Find("[data-testid=fixed-attempts-toggle]").GetAttribute("aria-expanded"));
        var steps = cut.FindAll("[data-testid=step]");
        Assert.Equal(["failed", "failed", "succeeded"], steps.Select(s => s.GetAttribute("data-state")));
        Assert.Contains("Trying the lower-case name.", cut.Find("[data-testid=fixed-attempts]").TextContent);
    }

    [Fact]
    public void A_final_failed_step_stays_visible()
    {
        var turn = RunningTurn();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        turn.Apply(new CodeEvent(a, "1"));
        turn.Apply(new StepEndEvent(a, true, 5, "1"));
        turn.Apply(new CodeEvent(b, "1/0"));
        turn.Apply(new StepErrorEvent(b, "ZeroDivisionError", "division by zero", ""));
        turn.Apply(new StepEndEvent(b, false, 5, null));
        turn.Apply(new DoneEvent(RunStatuses.Completed, new UsageInfo(1, 1)));

        var cut = Render<AssistantMessage>(p => p.Add(x => x.Turn, turn));

        Assert.Empty(cut.FindAll("[data-testid=fixed-attempts]"));
        Assert.Equal(2, cut.FindAll("[data-testid=step]").Count);
        Assert.Contains("ZeroDivisionError: division by zero", cut.Find("[data-testid=step-error]").TextContent);
    }

    [Fact]
    public void A_traceback_shows_the_users_frames_and_folds_the_library_frames()
    {
        var cut = Render<StepTraceback>(p => p.Add(x => x.Type, "KeyError").Add(x => x.Message, "'Column not found: Revenue'").Add(x => x.Traceback, PandasTraceback));

        var user = cut.Find("[data-testid=user-frames]").TextContent;
        Assert.Contains("File \"<cell-2>\", line 2", user);
        Assert.Contains("monthly = df.groupby('month')['Revenue'].sum()", user);
        Assert.DoesNotContain("pandas/core", cut.Markup);
        var toggle = cut.Find("[data-testid=library-frames-toggle]");
        Assert.Contains("Show library frames (2)", toggle.TextContent);

        toggle.Click();

        var full = cut.Find("[data-testid=full-traceback]").TextContent;
        Assert.True(full.IndexOf("<cell-2>", StringComparison.Ordinal) < full.IndexOf("pandas/core/groupby/generic.py", StringComparison.Ordinal));
        Assert.Contains("pandas/core/base.py", full);
    }

    [Fact]
    public void A_traceback_without_library_frames_is_shown_whole()
    {
        var frames = TracebackFrames.Parse("Traceback (most recent call last):\n  File \"<cell-1>\", line 1, in <module>\n    1/0\nZeroDivisionError: division by zero");
        Assert.False(frames.HasFoldableLibraryFrames);
        Assert.Single(frames.UserFrames);

        var cut = Render<StepTraceback>(p => p.Add(x => x.Type, "ZeroDivisionError").Add(x => x.Message, "division by zero")
            .Add(x => x.Traceback, "Traceback (most recent call last):\n  File \"<cell-1>\", line 1, in <module>\n    1/0\nZeroDivisionError: division by zero"));

        Assert.Contains("1/0", cut.Find("[data-testid=full-traceback]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=library-frames-toggle]"));
    }

    [Fact]
    public void Stopping_says_whether_the_variables_were_kept()
    {
        var kept = RunningTurn();
        kept.Apply(new DoneEvent(RunStatuses.Cancelled, new UsageInfo(0, 0)));
        var gone = RunningTurn();
        gone.Apply(new KernelRestartedEvent("The Python kernel was restarted during this step: variables from earlier steps are gone (files stay)."));
        gone.Apply(new DoneEvent(RunStatuses.Cancelled, new UsageInfo(0, 0)));

        var cut = Render<MessageList>(p => p.Add(x => x.Turns, [kept, gone]));

        var stopped = cut.FindAll("[data-testid=stopped]");
        Assert.Equal(["Stopped — variables kept.", "Stopped — the kernel was restarted, variables are gone."], stopped.Select(s => s.TextContent.Trim()));
        Assert.Single(cut.FindAll("[data-testid=kernel-restarted]"));
    }

    [Fact]
    public void Enter_sends_shift_enter_does_not_and_escape_stops_a_running_answer()
    {
        var sent = new List<string>();
        var cancels = 0;
        var cut = Render<ChatInput>(p => p.Add(x => x.IsRunning, false)
            .Add(x => x.OnSend, (string text) => sent.Add(text))
            .Add(x => x.OnCancel, () => cancels++));
        var input = cut.Find("textarea");
        Assert.Equal("Question", input.GetAttribute("aria-label"));
        Assert.Equal("Send the question", cut.Find("[data-testid=send]").GetAttribute("aria-label"));

        input.Input("first line");
        input.KeyDown(new KeyboardEventArgs { Key = "Enter", ShiftKey = true });
        Assert.Empty(sent);
        input.KeyDown(new KeyboardEventArgs { Key = "Escape" });
        Assert.Equal(0, cancels); // nothing runs: Escape does nothing
        input.KeyDown(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal(["first line"], sent);
        Assert.Single(JSInterop.Invocations["codingAgentChat.attachComposer"]);

        cut.Render(p => p.Add(x => x.IsRunning, true));
        cut.Find("textarea").KeyDown(new KeyboardEventArgs { Key = "Escape" });
        Assert.Equal(1, cancels);
        Assert.Equal("Stop the running answer", cut.Find("[data-testid=cancel]").GetAttribute("aria-label"));
    }

    [Fact]
    public void Editing_a_question_puts_it_back_into_the_input()
    {
        var edited = new List<string>();
        var question = new ChatTurn { Id = Guid.NewGuid(), Role = MessageRoles.User, UserText = "monthly revenue" };
        var answer = RunningTurn();
        answer.Apply(new DoneEvent(RunStatuses.Completed, new UsageInfo(1, 1)));
        var regenerated = 0;
        var list = Render<MessageList>(p => p.Add(x => x.Turns, [question, answer])
            .Add(x => x.OnEdit, (string text) => edited.Add(text)).Add(x => x.OnRegenerate, () => regenerated++));

        list.Find("[data-testid=edit-question]").Click();
        list.Find("[data-testid=regenerate]").Click();
        Assert.Equal(["monthly revenue"], edited);
        Assert.Equal(1, regenerated);

        var input = Render<ChatInput>(p => p.Add(x => x.IsRunning, false).Add(x => x.Draft, new ChatDraft("monthly revenue")));
        Assert.Equal("monthly revenue", input.Find("textarea").GetAttribute("value") ?? input.Find("textarea").TextContent);
        Assert.Single(JSInterop.Invocations["codingAgentChat.focus"]);
    }

    [Fact]
    public void The_variables_panel_lists_dataframes_first_with_shape_and_memory()
    {
        var variables = new SessionVariables(true, new KernelVariables(
        [
            new KernelVariable("total", "int", [], null),
            new KernelVariable("df", "DataFrame", [1_000_000, 12], 96 * 1024 * 1024),
            new KernelVariable("names", "list", [3], null),
        ], IsStale: false, Truncated: false));

        var cut = Render<VariablesPanel>(p => p.Add(x => x.Variables, variables));

        var rows = cut.FindAll("[data-testid=variable]");
        Assert.Equal(["df", "names", "total"], rows.Select(r => r.GetAttribute("data-name")));
        Assert.Equal(["df", "DataFrame", "1,000,000 × 12", "96 MB"], rows[0].QuerySelectorAll("td").Select(td => td.TextContent));
        Assert.Equal("len 3", rows[1].QuerySelectorAll("td")[2].TextContent);

        cut.Render(p => p.Add(x => x.Variables, new SessionVariables(false, KernelVariables.None)));
        Assert.Contains("No kernel is running", cut.Find("[data-testid=variables-empty]").TextContent);
    }
}
