using Bunit;
using CodingAgent.Core.Domain;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Access;
using CodingAgent.Web.Components.Chat;
using CodingAgent.Web.Sharing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <summary>The sessions sidebar on a real (SQLite) repository, with the undo window on a fake clock.</summary>
public sealed class SessionSidebarTests : BunitContext, IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "codingagent-sidebar-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero));
    private readonly List<Guid> _deletedForever = [];
    private DatabaseHost _database = null!;
    private SessionSidebarState _state = null!;
    private int _refreshes;

    public SessionSidebarTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(_time);
    }

    public async Task InitializeAsync()
    {
        _database = await DatabaseHost.SqliteAsync(_data);
        _state = new SessionSidebarState(_database.Sessions, _time, [], NullLogger<SessionSidebarState>.Instance,
            new SessionAccess(_database.Sessions, new ShareStore(_database.Contexts, _time)), new CircuitUser(new TestAuthenticationState(CodingAgent.Core.Users.CurrentUser.Local)))
        {
            DeleteForever = id =>
            {
                lock (_deletedForever)
                {
                    _deletedForever.Add(id);
                }
                return Task.CompletedTask;
            },
            SessionsChanged = () =>
            {
                Interlocked.Increment(ref _refreshes);
                return Task.CompletedTask;
            },
        };
    }

    [Fact]
    public async Task Renaming_in_place_stores_the_title_through_the_state()
    {
        var session = await _database.Sessions.CreateSessionAsync("Show me the monthly revenue trend", CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        var cut = await RenderSidebarAsync(session.Id);

        cut.Find("[data-testid=rename]").Click();
        var input = cut.Find("[data-testid=rename-input] input, input[data-testid=rename-input]");
        input.Input("   ");
        cut.Find("[data-testid=rename-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("cannot be empty", cut.Find("[data-testid=session-item]").TextContent));

        cut.Find("[data-testid=rename-input] input, input[data-testid=rename-input]").Input("  Revenue\n2023  ");
        cut.Find("[data-testid=rename-input] input, input[data-testid=rename-input]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=rename-input]")));
        Assert.Equal("Revenue 2023", (await _database.Sessions.GetSessionAsync(session.Id, CancellationToken.None))!.Title);
        Assert.Equal(1, _refreshes);
    }

    [Fact]
    public async Task Search_lists_only_the_sessions_whose_title_or_messages_match()
    {
        var revenue = await _database.Sessions.CreateSessionAsync("Revenue by region", CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        var churn = await _database.Sessions.CreateSessionAsync("Churn", CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        await _database.Sessions.AddMessageAsync(new ConversationMessage { Id = Guid.NewGuid(), SessionId = churn.Id, Role = MessageRoles.User, Content = "Which cohort churns most?", CreatedAt = _time.GetUtcNow() }, CancellationToken.None);
        var cut = await RenderSidebarAsync(null);
        Assert.Equal(2, cut.FindAll("[data-testid=session-item]").Count);

        await SearchAsync(cut, "COHORT");

        cut.WaitForAssertion(() => Assert.Equal(["Churn"], cut.FindAll("[data-testid=session-title]").Select(t => t.TextContent)), TimeSpan.FromSeconds(60));
        Assert.Equal($"/s/{churn.Id}", cut.Find("[data-testid=session-link]").GetAttribute("href"));

        await SearchAsync(cut, "no such words");
        cut.WaitForAssertion(() => Assert.Contains("No session mentions", cut.Find("[data-testid=no-sessions]").TextContent), TimeSpan.FromSeconds(60));

        await SearchAsync(cut, "");
        cut.WaitForAssertion(() => Assert.Equal(["Churn", "Revenue by region"], cut.FindAll("[data-testid=session-title]").Select(t => t.TextContent)), TimeSpan.FromSeconds(60));
        Assert.NotEqual(revenue.Id, churn.Id);
    }

    [Fact]
    public async Task Delete_asks_first_then_undo_restores_the_session_and_nothing_is_deleted()
    {
        var session = await _database.Sessions.CreateSessionAsync("Quarterly churn", CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        var cut = await RenderSidebarAsync(null);

        cut.Find("[data-testid=delete]").Click();
        Assert.Contains("Delete “Quarterly churn”?", cut.Find("[data-testid=delete-confirmation]").TextContent);
        cut.Find("[data-testid=delete-cancel]").Click();
        Assert.Empty(cut.FindAll("[data-testid=delete-confirmation]"));
        Assert.Single(cut.FindAll("[data-testid=session-link]"));

        cut.Find("[data-testid=delete]").Click();
        cut.Find("[data-testid=delete-confirm]").Click();
        Assert.Empty(cut.FindAll("[data-testid=session-item]"));
        Assert.Contains("Deleted “Quarterly churn”", cut.Find("[data-testid=undo-item]").TextContent);

        cut.Find("[data-testid=undo]").Click();
        Assert.Empty(cut.FindAll("[data-testid=undo-item]"));
        Assert.Equal(["Quarterly churn"], cut.FindAll("[data-testid=session-title]").Select(t => t.TextContent));

        _time.Advance(SessionSidebarState.UndoWindow * 2);
        await Task.Yield();
        Assert.Empty(_deletedForever);
        Assert.NotNull(await _database.Sessions.GetSessionAsync(session.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_deletion_happens_for_real_only_when_the_undo_window_passes()
    {
        var kept = await _database.Sessions.CreateSessionAsync("Kept", CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        var deleted = await _database.Sessions.CreateSessionAsync("Deleted", CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        var cut = await RenderSidebarAsync(null);
        var item = cut.FindAll("[data-testid=session-item]").Single(i => i.GetAttribute("data-session") == deleted.Id.ToString());
        item.QuerySelector("[data-testid=delete]")!.Click();
        cut.Find("[data-testid=delete-confirm]").Click();

        _time.Advance(SessionSidebarState.UndoWindow - TimeSpan.FromSeconds(1));
        await Task.Yield();
        Assert.Empty(_deletedForever);
        Assert.Single(cut.FindAll("[data-testid=undo-item]"));

        _time.Advance(TimeSpan.FromSeconds(1));

        cut.WaitForAssertion(() => Assert.Equal([deleted.Id], Deleted()));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=undo-item]")));
        Assert.DoesNotContain(kept.Id, Deleted());
    }

    [Fact]
    public async Task When_the_circuit_ends_inside_the_undo_window_nothing_is_deleted()
    {
        var session = await _database.Sessions.CreateSessionAsync("Mid-window", CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        await _state.DeleteAsync(session, isOpen: false);

        await _state.DisposeAsync();
        _time.Advance(SessionSidebarState.UndoWindow * 2);
        await Task.Delay(50);

        Assert.Empty(Deleted());
    }

    /// <summary>
    /// Types into the search box and lets its debounce pass (MudBlazor times it with the app's TimeProvider). The
    /// debounce timer is set up after the input event is handled, on the renderer's thread: the fake clock is moved on
    /// until the search has been taken up, so a busy machine that sets the timer late does not lose it.
    /// </summary>
    private async Task SearchAsync(IRenderedComponent<SessionSidebar> cut, string text)
    {
        cut.Find("[data-testid=session-search] input, input[data-testid=session-search]").Input(text);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_state.Query != text.Trim())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"the search for '{text}' was never taken up");
            _time.Advance(TimeSpan.FromMilliseconds(300));
            await Task.Delay(20);
        }
    }

    private List<Guid> Deleted()
    {
        lock (_deletedForever)
        {
            return [.. _deletedForever];
        }
    }

    private async Task<IRenderedComponent<SessionSidebar>> RenderSidebarAsync(Guid? current)
    {
        var sessions = await _database.Sessions.ListSessionsAsync(CodingAgent.Core.Users.CurrentUser.Local.Id, CancellationToken.None);
        return Render<SessionSidebar>(p => p
            .Add(x => x.State, _state)
            .Add(x => x.Sessions, sessions)
            .Add(x => x.CurrentId, current));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _state.DisposeAsync();
        await _database.DisposeAsync();
        await base.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
