using Bunit;
using CodingAgent.Core.Users;
using CodingAgent.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CodingAgent.Tests.Components;

/// <summary>
/// Page components and their state for signed-in users (alice, bob) on a real (SQLite) database: the shares and the
/// session access rule are real; the chat's state opens and lists sessions for real, the rest of it is unused.
/// </summary>
public abstract class TwoUsersPageContext : BunitContext, IAsyncLifetime
{
    protected static readonly CurrentUser Alice = new("alice-id", "alice@example.test", UserRoles.Analyst);
    protected static readonly CurrentUser Bob = new("bob-id", "bob@example.test", UserRoles.Analyst);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "codingagent-pages-" + Guid.NewGuid().ToString("N"));

    protected TwoUsersPageContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        MudBlazor.Services.ServiceCollectionExtensions.AddMudServices(Services);
        Services.AddSingleton(TimeProvider.System);
    }

    protected DatabaseHost Database { get; private set; } = null!;
    protected Web.Sharing.ShareStore Shares { get; private set; } = null!;
    protected Web.Access.SessionAccess Access { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await DatabaseHost.SqliteAsync(_data);
        Shares = new Web.Sharing.ShareStore(Database.Contexts, TimeProvider.System);
        Access = new Web.Access.SessionAccess(Database.Sessions, Shares);
        await SeedAsync();
    }

    /// <summary>The test's own services (before anything renders) and data.</summary>
    protected abstract Task SeedAsync();

    protected static Web.Access.CircuitUser Circuit(CurrentUser user) => new(new TestAuthenticationState(user));

    /// <summary>The chat's state for <paramref name="user"/> (the owner's kernel a fake).</summary>
    protected Web.Components.Chat.ChatState Chat(CurrentUser user) =>
        new(Database.Sessions, null!, null!, null!, null!, Microsoft.Extensions.Options.Options.Create(new Web.Llm.LlmOptions()), [],
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Web.Components.Chat.ChatState>.Instance,
            new Agent.FakeSandboxPool(new Agent.FakeKernel()), TimeProvider.System, Access, Circuit(user));

    /// <summary>The chat's state for <paramref name="user"/> with <paramref name="sessionId"/> open (or not: see its error).</summary>
    protected async Task<Web.Components.Chat.ChatState> OpenedAsync(CurrentUser user, Guid? sessionId)
    {
        var chat = Chat(user);
        await chat.LoadAsync(sessionId);
        return chat;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Database.DisposeAsync();
        await base.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
