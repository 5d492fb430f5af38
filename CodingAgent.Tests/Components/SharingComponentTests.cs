using AngleSharp.Dom;
using Bunit;
using CodingAgent.Core.Users;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Sharing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Components;

/// <summary>
/// The page side of sharing, on a real (SQLite) database with real accounts: the share dialog of an owned session
/// (audited as the API is), the Share button only where sharing is possible, and the read-only note of a shared session.
/// </summary>
public sealed class SharingComponentTests : TwoUsersPageContext
{
    private static readonly CurrentUser _vera = new("vera-id", "vera@example.test", UserRoles.Viewer);
    private readonly Web.Auth.AuthOptions _auth = new() { Mode = Web.Auth.AuthOptions.Local };
    private Core.Domain.Session _alicesOwn = null!;
    private Core.Domain.Session _alicesShared = null!;

    /// <summary>Who the dashboard page is rendered for.</summary>
    private CurrentUser _pageUser = Alice;
    private readonly TestAuthenticationState _aliceState = new(Alice);

    protected override async Task SeedAsync()
    {
        var contexts = Database.Contexts;
        Services.AddLogging();
        Services.AddScoped(_ => contexts.CreateDbContext());
        Services.AddSingleton(contexts);
        Services.AddIdentityCore<Web.Data.AppUser>().AddEntityFrameworkStores<Web.Data.AppDbContext>();
        Services.AddSingleton(Shares);
        Services.AddSingleton(new Web.Audit.AuditRecorder(Database.Services.GetRequiredService<Core.Ports.IAuditLog>(), TimeProvider.System));
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(_auth));
        // (alice, an analyst, unless a test changes her role while a page is open)
        Services.AddSingleton<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>(_aliceState);
        Services.AddSingleton(new Web.Access.CircuitUser(_aliceState));
        Services.AddScoped<ShareChanges>();
        Services.AddTransient<Web.Components.Sharing.ShareForm>();
        Services.AddSingleton(new Core.Dashboards.DashboardService(Database.Dashboards, Database.Sessions, TimeProvider.System));
        Services.AddSingleton(new Web.Access.DashboardAccess(Database.Dashboards, Shares));
        Services.AddTransient<Web.Components.Dashboards.DashboardListState>();
        Services.AddSingleton(TimeProvider.System);
        // (refreshing is not what these tests do: no blobs, sandboxes or workspaces)
        Services.AddTransient(sp => new Web.Components.Dashboards.DashboardPageState(
            sp.GetRequiredService<Core.Dashboards.DashboardService>(),
            new Core.Dashboards.DashboardRefresher(Database.Dashboards, Database.Sessions, null!, null!, null!,
                Microsoft.Extensions.Options.Options.Create(new Core.Dashboards.DashboardOptions()), TimeProvider.System,
                Microsoft.Extensions.Logging.Abstractions.NullLogger<Core.Dashboards.DashboardRefresher>.Instance),
            sp.GetRequiredService<Web.Access.DashboardAccess>(), Circuit(_pageUser)));

        var users = Services.GetRequiredService<UserManager<Web.Data.AppUser>>();
        foreach (var user in new[] { Alice, Bob, _vera })
        {
            var created = await users.CreateAsync(new Web.Data.AppUser { Id = user.Id, UserName = user.Name, Email = user.Name, Role = user.Role });
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        _alicesOwn = await Database.Sessions.CreateSessionAsync("Alice's revenue", Alice.Id, CancellationToken.None);
        _alicesShared = await Database.Sessions.CreateSessionAsync("Alice's shared revenue", Alice.Id, CancellationToken.None);
        await Shares.AddAsync(ShareKinds.Session, _alicesShared.Id, Bob.Id, CancellationToken.None);
    }

    [Fact]
    public async Task The_share_dialog_shares_the_session_with_an_address_and_takes_it_back_audited_as_the_API_does()
    {
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var button = Render<Web.Components.Sharing.ShareButton>(p => p.Add(x => x.Kind, ShareKinds.Session).Add(x => x.ResourceId, _alicesOwn.Id));

        button.Find("[data-testid=share-button]").Click();
        dialogs.WaitForElement("[data-testid=share-none]");
        EmailInput(dialogs).Input("  BOB@example.test ");
        dialogs.Find("[data-testid=share-add]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("bob@example.test", Assert.Single(dialogs.FindAll("[data-testid=share-email]")).TextContent));
        Assert.True(await Shares.IsSharedWithAsync(ShareKinds.Session, _alicesOwn.Id, Bob.Id, CancellationToken.None));
        Assert.Equal("", EmailInput(dialogs).GetAttribute("value") ?? "");
        Assert.Empty(dialogs.FindAll("[data-testid=share-error]"));

        dialogs.Find("[data-testid=share-remove]").Click();

        dialogs.WaitForElement("[data-testid=share-none]");
        Assert.False(await Shares.IsSharedWithAsync(ShareKinds.Session, _alicesOwn.Id, Bob.Id, CancellationToken.None));
        var audit = await Database.Services.GetRequiredService<Core.Ports.IAuditLog>().QueryAsync(new Core.Audit.AuditQuery(Alice.Name, null, null, 100), CancellationToken.None);
        Assert.Equal(
            [(Core.Audit.AuditActions.ShareAdded, $"session {_alicesOwn.Id} with {Bob.Id}"), (Core.Audit.AuditActions.ShareRemoved, $"session {_alicesOwn.Id} with {Bob.Id}")],
            audit.Where(e => e.SessionId == _alicesOwn.Id).Select(e => (e.Action, e.Detail)).Order());
    }

    [Fact]
    public async Task An_unknown_address_or_the_owners_own_is_refused_readably_in_the_dialog_and_the_typed_address_stays()
    {
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var button = Render<Web.Components.Sharing.ShareButton>(p => p.Add(x => x.Kind, ShareKinds.Session).Add(x => x.ResourceId, _alicesShared.Id));
        button.Find("[data-testid=share-button]").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("bob@example.test", Assert.Single(dialogs.FindAll("[data-testid=share-email]")).TextContent));

        EmailInput(dialogs).Input("nobody@example.test");
        dialogs.Find("[data-testid=share-add]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("There is no user with the e-mail address 'nobody@example.test'.", dialogs.Find("[data-testid=share-error]").TextContent.Trim()));
        Assert.Equal("nobody@example.test", EmailInput(dialogs).GetAttribute("value"));

        EmailInput(dialogs).Input(Alice.Name);
        dialogs.Find("[data-testid=share-add]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("You own it already; share it with someone else.", dialogs.Find("[data-testid=share-error]").TextContent.Trim()));
        Assert.Equal(Alice.Name, EmailInput(dialogs).GetAttribute("value"));
        Assert.Equal([Bob.Id], (await Shares.ListAsync(ShareKinds.Session, _alicesShared.Id, CancellationToken.None)).Select(g => g.UserId));
    }

    [Fact]
    public async Task Only_the_owner_of_a_session_gets_a_Share_button_and_nobody_in_mode_None()
    {
        await using var owner = await OpenedAsync(Alice, _alicesShared.Id);
        await using var reader = await OpenedAsync(Bob, _alicesShared.Id);

        Assert.Single(Toolbar(owner).FindAll("[data-testid=share-button]"));
        Assert.Empty(Toolbar(reader).FindAll("[data-testid=share-button]"));
        Assert.Single(Toolbar(reader).FindAll("[data-testid=gallery-button]"));
        _auth.Mode = Web.Auth.AuthOptions.None;
        Assert.Empty(Toolbar(owner).FindAll("[data-testid=share-button]"));
    }

    [Fact]
    public async Task A_session_shared_read_only_shows_who_shared_it_in_place_of_the_question_box()
    {
        await using var reader = await OpenedAsync(Bob, _alicesShared.Id);
        await using var owner = await OpenedAsync(Alice, _alicesShared.Id);

        var shared = Render<Web.Components.Chat.ChatComposer>(p => p.Add(x => x.State, reader));
        var own = Render<Web.Components.Chat.ChatComposer>(p => p.Add(x => x.State, owner));

        shared.WaitForAssertion(() => Assert.Equal("Shared with you read-only by alice@example.test.", shared.Find("[data-testid=read-only-note]").TextContent.Trim()));
        Assert.Empty(shared.FindAll("[data-testid=chat-input]"));
        Assert.Empty(own.FindAll("[data-testid=read-only-note]"));
        Assert.NotEmpty(own.FindAll("[data-testid=chat-input]"));
    }

    [Fact]
    public async Task A_viewer_gets_the_note_instead_of_the_question_box_on_the_home_page_too()
    {
        await Shares.AddAsync(ShareKinds.Session, _alicesShared.Id, _vera.Id, CancellationToken.None);
        await using var viewer = await OpenedAsync(_vera, null);

        var home = Render<Web.Components.Chat.ChatComposer>(p => p.Add(x => x.State, viewer));
        Assert.Contains("Your role (viewer)", home.Find("[data-testid=read-only-note]").TextContent);
        Assert.Empty(home.FindAll("[data-testid=chat-input]"));

        await viewer.LoadAsync(_alicesShared.Id);
        home.Render();
        home.WaitForAssertion(() => Assert.Equal("Shared with you read-only by alice@example.test.", home.Find("[data-testid=read-only-note]").TextContent.Trim()));
    }

    [Fact]
    public async Task The_dashboards_list_offers_delete_only_for_the_users_own_dashboards_and_marks_those_shared_with_them()
    {
        var dashboards = Services.GetRequiredService<Core.Dashboards.DashboardService>();
        var own = await dashboards.CreateAsync("Alice's board", Alice, CancellationToken.None);
        var theirs = await dashboards.CreateAsync("Bob's board", Bob, CancellationToken.None);
        await Shares.AddAsync(ShareKinds.Dashboard, theirs.Id, Alice.Id, CancellationToken.None);

        var cut = Render<Web.Components.Dashboards.DashboardsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=dashboard-link]").Count));
        var rows = cut.FindAll("[data-testid=dashboard-link]").ToDictionary(l => l.TextContent, l => l.ParentElement!);
        Assert.NotNull(rows[own.Name].QuerySelector("[data-testid=dashboard-delete]"));
        Assert.Null(rows[own.Name].QuerySelector("[data-testid=dashboard-shared]"));
        Assert.Null(rows[theirs.Name].QuerySelector("[data-testid=dashboard-delete]"));
        Assert.NotNull(rows[theirs.Name].QuerySelector("[data-testid=dashboard-shared]"));
    }

    [Fact]
    public async Task The_open_dashboards_list_follows_its_user_s_new_role_without_a_reload()
    {
        var own = await Services.GetRequiredService<Core.Dashboards.DashboardService>().CreateAsync("Alice's changing board", Alice, CancellationToken.None);
        var state = _aliceState;

        var cut = Render<Microsoft.AspNetCore.Components.Authorization.CascadingAuthenticationState>(p => p.AddChildContent<Web.Components.Dashboards.DashboardsPage>());
        IElement Row() => cut.FindAll("[data-testid=dashboard-link]").Single(l => l.TextContent == own.Name).ParentElement!;
        cut.WaitForAssertion(() => Assert.NotNull(Row().QuerySelector("[data-testid=dashboard-delete]")));

        await cut.InvokeAsync(() => state.Change(Alice with { Role = UserRoles.Viewer }));

        cut.WaitForAssertion(() => Assert.Null(Row().QuerySelector("[data-testid=dashboard-delete]")));

        await cut.InvokeAsync(() => state.Change(Alice));

        cut.WaitForAssertion(() => Assert.NotNull(Row().QuerySelector("[data-testid=dashboard-delete]")));
    }

    [Fact]
    public async Task The_owner_shares_a_dashboard_from_its_page_and_the_user_it_is_shared_with_gets_no_share_or_refresh()
    {
        var board = await Services.GetRequiredService<Core.Dashboards.DashboardService>().CreateAsync("Alice's page board", Alice, CancellationToken.None);
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var owners = Render<Web.Components.Dashboards.DashboardPage>(p => p.Add(x => x.DashboardId, board.Id));
        owners.WaitForElement("[data-testid=dashboard-empty]");
        Assert.Single(owners.FindAll("[data-testid=dashboard-refresh]"));

        owners.Find("[data-testid=share-button]").Click();
        dialogs.WaitForElement("[data-testid=share-none]");
        EmailInput(dialogs).Input(Bob.Name);
        dialogs.Find("[data-testid=share-add]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(Bob.Name, Assert.Single(dialogs.FindAll("[data-testid=share-email]")).TextContent));
        Assert.True(await Shares.IsSharedWithAsync(ShareKinds.Dashboard, board.Id, Bob.Id, CancellationToken.None));
        Assert.False(await Shares.IsSharedWithAsync(ShareKinds.Session, board.Id, Bob.Id, CancellationToken.None));

        _pageUser = Bob;
        var readers = Render<Web.Components.Dashboards.DashboardPage>(p => p.Add(x => x.DashboardId, board.Id));

        readers.WaitForElement("[data-testid=dashboard-read-only]");
        Assert.Equal("Alice's page board", readers.Find("[data-testid=dashboard-name]").TextContent);
        Assert.Empty(readers.FindAll("[data-testid=share-button], [data-testid=dashboard-refresh]"));
    }

    [Fact]
    public void A_chart_of_a_conversation_shared_with_the_user_has_no_pin_button()
    {
        var chart = new Web.Components.Chat.ArtifactRef(Guid.NewGuid(), Core.Domain.ArtifactKinds.Chart, "revenue.json", "application/json");

        var shared = Render<Web.Components.Chat.ArtifactBlock>(p => p.Add(x => x.Artifact, chart)
            .AddCascadingValue(Web.Components.Chat.ArtifactBlock.ReadOnlyCascade, true));
        var own = Render<Web.Components.Chat.ArtifactBlock>(p => p.Add(x => x.Artifact, chart)
            .AddCascadingValue(Web.Components.Chat.ArtifactBlock.ReadOnlyCascade, false));

        Assert.Empty(shared.FindAll("[data-testid=pin-button]"));
        Assert.Single(own.FindAll("[data-testid=pin-button]"));
    }

    [Fact]
    public void A_tile_of_a_dashboard_shared_with_the_user_has_no_refresh_or_remove()
    {
        var tile = new Core.Domain.DashboardTile { Id = Guid.NewGuid(), Title = "Revenue", Kind = Core.Domain.ArtifactKinds.Chart, LastComputedAt = DateTimeOffset.UnixEpoch };

        var shared = Render<Web.Components.Dashboards.DashboardTileCard>(p => p.Add(x => x.Tile, tile).Add(x => x.Now, DateTimeOffset.UnixEpoch).Add(x => x.ReadOnly, true));
        var own = Render<Web.Components.Dashboards.DashboardTileCard>(p => p.Add(x => x.Tile, tile).Add(x => x.Now, DateTimeOffset.UnixEpoch));

        Assert.Empty(shared.FindAll("[data-testid=tile-refresh], [data-testid=tile-remove]"));
        Assert.Equal(2, own.FindAll("[data-testid=tile-refresh], [data-testid=tile-remove]").Count);
    }

    private static AngleSharp.Dom.IElement EmailInput(IRenderedComponent<MudBlazor.MudDialogProvider> dialogs) =>
        dialogs.Find("[data-testid=share-email-input] input, input[data-testid=share-email-input]");

    private IRenderedComponent<Web.Components.Chat.ConversationToolbar> Toolbar(Web.Components.Chat.ChatState chat) =>
        Render<Web.Components.Chat.ConversationToolbar>(p => p.Add(x => x.SessionId, chat.Current!.Id).Add(x => x.CanShare, chat.CanChange)
            .Add(x => x.LoadArtifacts, () => Task.FromResult<IReadOnlyList<Core.Domain.Artifact>>([])));
}
