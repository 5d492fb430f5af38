using Bunit;
using CodingAgent.Core.Users;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Access;
using CodingAgent.Web.Components.Chat;
using CodingAgent.Web.Llm;
using CodingAgent.Web.Sharing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace CodingAgent.Tests.Components;

/// <summary>The page's session list and chat for one signed-in user, on a real (SQLite) repository with two users' sessions.</summary>
public sealed class SessionSidebarOwnershipTests : BunitContext, IAsyncLifetime
{
    private static readonly CurrentUser _alice = new("alice-id", "alice@example.test", UserRoles.Analyst);
    private static readonly CurrentUser _bob = new("bob-id", "bob@example.test", UserRoles.Analyst);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "codingagent-sidebar-owner-" + Guid.NewGuid().ToString("N"));
    private DatabaseHost _database = null!;
    private SessionAccess _access = null!;
    private Core.Domain.Session _alicesOwn = null!;
    private Core.Domain.Session _bobsPrivate = null!;
    private Core.Domain.Session _bobsShared = null!;

    public SessionSidebarOwnershipTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(TimeProvider.System);
    }

    public async Task InitializeAsync()
    {
        _database = await DatabaseHost.SqliteAsync(_data);
        var shares = new ShareStore(_database.Contexts, TimeProvider.System);
        _access = new SessionAccess(_database.Sessions, shares);
        _alicesOwn = await _database.Sessions.CreateSessionAsync("Alice's revenue", _alice.Id, CancellationToken.None);
        _bobsPrivate = await _database.Sessions.CreateSessionAsync("Bob's private revenue", _bob.Id, CancellationToken.None);
        _bobsShared = await _database.Sessions.CreateSessionAsync("Bob's shared revenue", _bob.Id, CancellationToken.None);
        await shares.AddAsync(ShareKinds.Session, _bobsShared.Id, _alice.Id, CancellationToken.None);
    }

    [Fact]
    public async Task The_sidebar_lists_only_the_users_own_sessions_and_those_shared_with_them_marked_and_search_finds_no_others()
    {
        await using var chat = Chat(_alice);
        await chat.LoadAsync(null);
        await using var sidebar = new SessionSidebarState(_database.Sessions, TimeProvider.System, [], NullLogger<SessionSidebarState>.Instance, _access, Circuit(_alice));

        var cut = Render<SessionSidebar>(p => p.Add(x => x.State, sidebar).Add(x => x.Sessions, chat.Sessions).Add(x => x.UserId, chat.UserId));

        var listed = cut.FindAll("[data-testid=session-item]").Select(i => Guid.Parse(i.GetAttribute("data-session")!));
        Assert.Equal(new[] { _alicesOwn.Id, _bobsShared.Id }.Order(), listed.Order());
        var shared = cut.Find($"[data-session='{_bobsShared.Id}']");
        Assert.NotNull(shared.QuerySelector("[data-testid=session-shared]"));
        Assert.Null(shared.QuerySelector("[data-testid=rename]"));
        Assert.Null(cut.Find($"[data-session='{_alicesOwn.Id}']").QuerySelector("[data-testid=session-shared]"));

        await sidebar.SearchAsync("revenue");
        Assert.Equal(new[] { _alicesOwn.Id, _bobsShared.Id }.Order(), sidebar.Matches!.Select(s => s.Id).Order());
        Assert.Equal("Only the session's owner can rename it.", await sidebar.RenameAsync(_bobsShared.Id, "taken"));
    }

    [Fact]
    public async Task Opening_another_users_session_shows_not_found_like_an_unknown_id_and_a_shared_one_is_read_only()
    {
        await using var chat = Chat(_alice);

        await chat.LoadAsync(_bobsPrivate.Id);
        var theirs = chat.Error;
        await chat.LoadAsync(Guid.NewGuid());

        Assert.Null(chat.Current);
        Assert.Equal(chat.Error, theirs);
        await chat.LoadAsync(_bobsShared.Id);
        Assert.Equal(_bobsShared.Id, chat.Current?.Id);
        Assert.False(chat.CanChange);
        await chat.SetModelAsync("someone/else");
        Assert.Equal(ChatState.ReadOnlyRefusal, chat.Error);
        Assert.Null((await _database.Sessions.GetSessionAsync(_bobsShared.Id, CancellationToken.None))!.Model);
    }

    private static CircuitUser Circuit(CurrentUser user) => new(new FixedAuthenticationState(user));

    /// <summary>The chat's state for <paramref name="user"/>; what it needs to open and list sessions is real, the rest unused here.</summary>
    private ChatState Chat(CurrentUser user) =>
        new(_database.Sessions, null!, null!, null!, null!, Options.Create(new LlmOptions()), [], NullLogger<ChatState>.Instance,
            null!, TimeProvider.System, _access, Circuit(user));

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _database.DisposeAsync();
        await base.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
