using CodingAgent.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CodingAgent.Tests.Browser;

/// <summary>The conversation in Chromium against the real app: streamed steps, folded attempts, stop, reload.</summary>
public sealed class ConversationBrowserTests : IAsyncLifetime
{
    private readonly BrowserApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    /// <summary>Code that prints <paramref name="before"/>, waits until the test creates <paramref name="marker"/> in the workspace, then prints <paramref name="after"/>.</summary>
    private static string WaitFor(string marker, string before, string after) => $"""
        import os, time
        print('{before}', flush=True)
        for _ in range(1200):
            if os.path.exists('{marker}'):
                break
            time.sleep(0.05)
        print('{after}')
        """;

    private Task ReleaseAsync(IPage page, string marker)
    {
        var session = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
        return File.WriteAllTextAsync(Path.Combine(_app.DataDirectory, "workspaces", session.ToString("N"), marker), "");
    }

    private async Task<IPage> OpenAsync()
    {
        var page = await _app.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 1000 } });
        await page.GotoAsync(_app.BaseUrl + "/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        return page;
    }

    [Fact]
    public async Task Steps_stream_as_compact_cards_and_a_fixed_attempt_folds_and_unfolds()
    {
        _app.Model.Play("sales by city",
            new ToolCallTurn("df = pd.DataFrame({'city': ['Oslo', 'Lima'], 'sales': [1, 2]})\ndf.groupby('city')['Sales'].sum()", "Summing the sales per city."),
            new ToolCallTurn("# the column is lower case\n" + WaitFor("release-fix", "summing", "done") + "\ndf.groupby('city')['sales'].sum()", "The column is lower case; fixing."),
            new TextTurn("Lima sold **2**, Oslo **1**."));
        var page = await OpenAsync();
        await BrowserApp.AskAsync(page, "sales by city");

        // while the fix runs: the failed attempt is shown (not fixed yet), with the user's frame first and pandas folded
        var answer = page.Locator("[data-testid=assistant-message]");
        await Assertions.Expect(page.Locator("[data-testid=step-stdout]")).ToContainTextAsync("summing", new() { Timeout = 60_000 });
        await Assertions.Expect(answer.Locator("[data-testid=turn-phase]")).ToContainTextAsync("Running code");
        await Assertions.Expect(page.Locator("[data-testid=step][data-state=running] [data-testid=step-code]")).ToHaveAttributeAsync("data-collapsed", "true");
        await Assertions.Expect(page.Locator("[data-testid=user-frames]")).ToContainTextAsync("<cell-");
        await Assertions.Expect(page.Locator("[data-testid=library-frames-toggle]")).ToContainTextAsync("Show library frames");
        Assert.DoesNotContain("pandas/core", await page.Locator("[data-testid=step-error]").InnerTextAsync());
        await Screenshots.SaveAsync(page, "conversation-step-streaming-with-folded-library-frames");

        await ReleaseAsync(page, "release-fix");
        await Assertions.Expect(answer).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(answer.Locator("[data-testid=turn-status]")).ToContainTextAsync("tokens in");
        var fold = page.Locator("[data-testid=fixed-attempts]");
        await Assertions.Expect(fold).ToContainTextAsync("Fixed after 1 failed attempt");
        await Assertions.Expect(page.Locator("[data-testid=step]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=step-duration]")).ToHaveCountAsync(1);
        await Assertions.Expect(answer.Locator(".ca-markdown strong").First).ToHaveTextAsync("2");
        await Screenshots.SaveAsync(page, "conversation-fixed-attempt-folded");

        await page.Locator("[data-testid=fixed-attempts-toggle]").ClickAsync();
        await Assertions.Expect(fold).ToHaveAttributeAsync("data-open", "true");
        await Assertions.Expect(page.Locator("[data-testid=step]")).ToHaveCountAsync(2);
        await Assertions.Expect(fold.Locator("[data-testid=step-error]")).ToContainTextAsync("KeyError");
        await page.Locator("[data-testid=code-toggle]").Last.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=step-code]").Last).ToHaveAttributeAsync("data-collapsed", "false");
        await Screenshots.SaveAsync(page, "conversation-fixed-attempt-unfolded");

        await page.Locator("[data-testid=fixed-attempts-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=step]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Escape_stops_a_run_the_variables_are_kept_and_the_next_question_uses_them()
    {
        _app.Model.Play("slow total",
            new ToolCallTurn("total = 41\nimport time\nprint('waiting', flush=True)\ntime.sleep(120)"));
        _app.Model.Play("use the total",
            new ToolCallTurn("print(total + 1)"),
            new TextTurn("The total plus one is 42."));
        var page = await OpenAsync();
        await BrowserApp.AskAsync(page, "slow total");
        await Assertions.Expect(page.Locator("[data-testid=step-stdout]")).ToContainTextAsync("waiting", new() { Timeout = 60_000 });

        var input = page.Locator("[data-testid=chat-input] textarea, textarea[data-testid=chat-input]").First;
        await input.FocusAsync();
        await input.PressAsync("Escape");

        var first = page.Locator("[data-testid=assistant-message]").First;
        await Assertions.Expect(first).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = 60_000 });
        await Assertions.Expect(first.Locator("[data-testid=stopped]")).ToHaveTextAsync("Stopped — variables kept.");
        await Assertions.Expect(page.Locator("[data-testid=variable][data-name=total]")).ToContainTextAsync("int", new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(page, "conversation-stopped-variables-kept");

        // Enter sends; Shift+Enter only adds a line
        await input.FillAsync("use the");
        await input.PressAsync("Shift+Enter");
        await input.PressSequentiallyAsync("total");
        Assert.Equal("use the\ntotal", await input.InputValueAsync());
        await input.FillAsync("use the total");
        await input.PressAsync("Enter");

        var second = page.Locator("[data-testid=assistant-message]").Nth(1);
        await Assertions.Expect(second).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(second.Locator("[data-testid=step-stdout]")).ToHaveTextAsync("42\n");
        await Assertions.Expect(page.Locator("[data-testid=user-message]")).ToHaveTextAsync(["slow total", "use the total"]);
        Assert.Equal("", await input.InputValueAsync());
        await Screenshots.SaveAsync(page, "conversation-variable-used-after-stop");
    }

    [Fact]
    public async Task Reloading_mid_run_shows_the_run_continue_to_its_end()
    {
        _app.Model.Play("long job",
            new ToolCallTurn(WaitFor("release-reload", "first half", "second half")),
            new TextTurn("Both halves ran."));
        var page = await OpenAsync();
        await BrowserApp.AskAsync(page, "long job");
        await Assertions.Expect(page.Locator("[data-testid=step-stdout]")).ToContainTextAsync("first half", new() { Timeout = 60_000 });

        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        var answer = page.Locator("[data-testid=assistant-message]");
        await Assertions.Expect(answer).ToHaveAttributeAsync("data-status", "running");
        await Assertions.Expect(page.Locator("[data-testid=step-stdout]")).ToContainTextAsync("first half");
        await Assertions.Expect(answer.Locator("[data-testid=turn-phase]")).ToContainTextAsync("Running code");
        await Screenshots.SaveAsync(page, "conversation-reloaded-mid-run");

        await ReleaseAsync(page, "release-reload");
        await Assertions.Expect(answer).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=step-stdout]")).ToContainTextAsync("second half");
        await Assertions.Expect(answer).ToContainTextAsync("Both halves ran.");

        // regenerate asks the same question again as a new turn; the first stays
        _app.Model.Play("long job",
            new ToolCallTurn("print('again')"),
            new TextTurn("Ran again."));
        await page.Locator("[data-testid=regenerate]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=user-message]")).ToHaveTextAsync(["long job", "long job"]);
        await Assertions.Expect(answer.Nth(1)).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(answer.Nth(1)).ToContainTextAsync("Ran again.");
        await Screenshots.SaveAsync(page, "conversation-regenerated-after-reload");
    }
}
