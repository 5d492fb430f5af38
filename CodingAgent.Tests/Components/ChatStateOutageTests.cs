using System.Reflection;
using CodingAgent.Core.Embedded;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Tests.Runs;
using CodingAgent.Web.Access;
using CodingAgent.Web.Components.Chat;
using CodingAgent.Web.Health;
using CodingAgent.Web.Llm;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CodingAgent.Tests.Components;

/// <summary>The chat page's state when the database is unreachable: a readable message, no broken circuit.</summary>
public sealed class ChatStateOutageTests
{
    [Fact]
    public async Task An_unreachable_database_becomes_a_readable_error_and_the_page_stays_usable()
    {
        var unreachable = Unreachable<ISessionRepository>.Create();
        var store = new InMemoryRunStore();
        var bus = new InProcessClusterBus();
        var runs = new RunManager(null!, new CodingAgent.Core.Agent.TokenBudgets(unreachable, Options.Create(new CodingAgent.Core.Agent.AgentOptions()), TimeProvider.System), unreachable, new InProcessSessionLocks(), store, bus, Options.Create(new RunOptions()), TimeProvider.System,
            new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLoggerFactory.Instance);
        await using var state = new ChatState(unreachable, runs, new RunFollower(unreachable, store, bus, TimeProvider.System), null!, null!,
            Options.Create(new LlmOptions()), [new OutageClassifier()], NullLogger<ChatState>.Instance, null!, TimeProvider.System,
            new SessionAccess(unreachable, null!), new CircuitUser(new TestAuthenticationState(CodingAgent.Core.Users.CurrentUser.Local)));

        await state.LoadAsync(Guid.NewGuid());
        Assert.Equal("PostgreSQL is unreachable right now; nothing was lost. Try again in a moment.", state.Error);

        state.DismissError();
        await state.SendAsync("a question while the database is down");
        Assert.Equal("PostgreSQL is unreachable right now; nothing was lost. Try again in a moment.", state.Error);
        Assert.Empty(state.Turns);

        state.DismissError();
        Assert.Null(await state.CreateSessionAsync());
        Assert.NotNull(state.Error);
    }

    private sealed class OutageException() : Exception("connection refused");

    private sealed class OutageClassifier : IDependencyFailureClassifier
    {
        public string? Classify(Exception exception) => exception is OutageException ? "PostgreSQL" : null;
    }

    /// <summary>Every call fails as a database that does not answer would.</summary>
    public class Unreachable<T> : DispatchProxy
    {
        public static T Create() => DispatchProxy.Create<T, Unreachable<T>>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw new OutageException();
    }
}
