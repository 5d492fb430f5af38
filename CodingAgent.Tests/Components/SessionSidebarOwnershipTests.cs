using Bunit;
using CodingAgent.Core.Users;
using CodingAgent.Web.Access;
using CodingAgent.Web.Components.Chat;
using CodingAgent.Web.Sharing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Components;

/// <summary>The page's session list and chat for one signed-in user, on a real (SQLite) repository with two users' sessions.</summary>
public sealed class SessionSidebarOwnershipTests : TwoUsersPageContext
{
    private Core.Domain.Session _alicesOwn = null!;
    private Core.Domain.Session _bobsPrivate = null!;
    private Core.Domain.Session _bobsShared = null!;

    protected override async Task SeedAsync()
    {
        _alicesOwn = await Database.Sessions.CreateSessionAsync("Alice's revenue", Alice.Id, CancellationToken.None);
        _bobsPrivate = await Database.Sessions.CreateSessionAsync("Bob's private revenue", Bob.Id, CancellationToken.None);
        _bobsShared = await Database.Sessions.CreateSessionAsync("Bob's shared revenue", Bob.Id, CancellationToken.None);
        await Shares.AddAsync(ShareKinds.Session, _bobsShared.Id, Alice.Id, CancellationToken.None);
    }

    [Fact]
    public async Task The_sidebar_lists_only_the_users_own_sessions_and_those_shared_with_them_marked_and_search_finds_no_others()
    {
        await using var chat = Chat(Alice);
        await chat.LoadAsync(null);
        await using var sidebar = new SessionSidebarState(Database.Sessions, TimeProvider.System, [], NullLogger<SessionSidebarState>.Instance, Access, Circuit(Alice));

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
        await using var chat = Chat(Alice);

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
        Assert.Null((await Database.Sessions.GetSessionAsync(_bobsShared.Id, CancellationToken.None))!.Model);
    }
}
