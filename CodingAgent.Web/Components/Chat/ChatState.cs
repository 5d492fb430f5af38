using CodingAgent.Core.Agent;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using CodingAgent.Core.Users;
using CodingAgent.Web.Api;
using CodingAgent.Web.Llm;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Components.Chat;

/// <summary>
/// The chat page's state for one circuit: sessions, the open conversation, and the live run it follows.
/// Runs belong to <see cref="RunManager"/>, not to this object, so closing the tab does not stop them; the page follows
/// a run through <see cref="RunFollower"/>, whichever instance executes it.
/// </summary>
public sealed partial class ChatState(
    ISessionRepository sessions,
    RunManager runs,
    RunFollower follower,
    WorkspaceFileService files,
    SessionDeletion deletion,
    IOptions<LlmOptions> llm,
    IEnumerable<Health.IDependencyFailureClassifier> dependencies,
    ILogger<ChatState> logger,
    ISandboxPool sandboxes,
    TimeProvider time,
    Access.SessionAccess access,
    Access.CircuitUser circuitUser,
    Audit.AuditRecorder? audit = null) : IAsyncDisposable
{
    /// <summary>What the page says when a shared (read-only) session or a viewer's role refuses a change.</summary>
    public const string ReadOnlyRefusal = "This session is shared with you read-only: only its owner can ask questions or change it.";

    private CancellationTokenSource? _follow;
    private CurrentUser? _user;

    /// <summary>Whether the signed-in user may change the open session and run code in it (its owner, with a role that runs code).</summary>
    public bool CanChange => Current is { } open && _user is { } user && access.Verdict(open, user, Access.AccessLevel.Write) == Access.AccessVerdict.Allowed;

    /// <summary>The signed-in user's id once the page loaded; null before.</summary>
    public string? UserId => _user?.Id;

    /// <summary>Whether the signed-in user may start sessions (viewers may not).</summary>
    public bool CanCreate => _user?.CanRunCode ?? false;

    /// <summary>The page's user as it is now: each action checks the present role (an administrator may have changed it).</summary>
    private async Task<CurrentUser> UserAsync() => _user = await circuitUser.GetAsync();

    /// <summary>
    /// After the page's user changed (another role, given by an administrator while the page is open): what the page
    /// offers follows at once. (A page that lost its user goes to the sign-in page instead.)
    /// </summary>
    public async Task RefreshUserAsync()
    {
        if (await circuitUser.FindAsync() is { } user && user != _user)
        {
            _user = user;
            await NotifyAsync();
        }
    }

    public IReadOnlyList<Session> Sessions { get; private set; } = [];
    public Session? Current { get; private set; }
    public List<ChatTurn> Turns { get; } = [];
    public IReadOnlyList<WorkspaceFile> Files { get; private set; } = [];
    public string? Error { get; private set; }
    public bool IsModelConfigured => llm.Value.IsConfigured;
    public string ModelHelp => ModelNotConfiguredException.HelpText;
    public ChatTurn? ActiveTurn => Turns.LastOrDefault(t => t.IsRunning);

    /// <summary>The open session's kernel variables, as of the last refresh (after each run and on opening).</summary>
    public SessionVariables? Variables { get; private set; }

    /// <summary>A question put back into the input for editing (see <see cref="EditQuestion"/>).</summary>
    public ChatDraft? Draft { get; private set; }

    /// <summary>Runs a change on the renderer's thread; the page sets it to its InvokeAsync.</summary>
    public Func<Action, Task> Dispatch { get; set; } = work =>
    {
        work();
        return Task.CompletedTask;
    };

    /// <summary>Raised after any change; the page re-renders on it.</summary>
    public event Func<Task>? Changed;

    public Task LoadAsync(Guid? sessionId, CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        Sessions = await sessions.ListSessionsAsync((await UserAsync()).Id, cancellationToken);
        if (sessionId is { } id)
        {
            await OpenAsync(id, cancellationToken);
        }
        await NotifyAsync();
    });

    /// <summary>Reloads the session list and the open session's title (after a rename in the sidebar).</summary>
    public Task RefreshSessionsAsync(CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        Sessions = await sessions.ListSessionsAsync((await UserAsync()).Id, cancellationToken);
        if (Current is { } open && Sessions.FirstOrDefault(s => s.Id == open.Id) is { } reloaded)
        {
            Current = reloaded;
        }
        await NotifyAsync();
    });

    /// <summary>Shows no session (the start page): stops following its run, which goes on.</summary>
    public void Close()
    {
        StopFollowing();
        Current = null;
        Turns.Clear();
        Files = [];
    }

    /// <summary>A new session, opened; null (and <see cref="Error"/> says why) when a service it needs is unreachable.</summary>
    public async Task<Session?> CreateSessionAsync(CancellationToken cancellationToken = default)
    {
        Session? session = null;
        await GuardAsync(async () =>
        {
            var user = await UserAsync();
            if (!user.CanRunCode)
            {
                Error = "Your role (viewer) reads what is shared with you; it cannot start sessions.";
                await NotifyAsync();
                return;
            }
            session = await sessions.CreateSessionAsync("", user.Id, cancellationToken);
            Sessions = await sessions.ListSessionsAsync(user.Id, cancellationToken);
            await OpenAsync(session.Id, cancellationToken);
            await NotifyAsync();
        });
        return session;
    }

    public async Task OpenAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        StopFollowing();
        Error = null;
        Turns.Clear();
        Variables = null;
        // another user's session that is not shared with this one is answered like an unknown id
        Current = await access.FindAsync(sessionId, await UserAsync(), cancellationToken);
        if (Current is null)
        {
            Error = "That session does not exist any more.";
            Files = [];
            return;
        }
        Files = await sessions.ListFilesAsync(sessionId, cancellationToken);
        var artifacts = (await sessions.ListArtifactsAsync(sessionId, cancellationToken)).ToLookup(a => a.StepId);
        ConversationMessage? active = null;
        foreach (var message in await sessions.ListMessagesAsync(sessionId, cancellationToken))
        {
            if (message.Role == MessageRoles.Assistant && message.Status == RunStatuses.Running && message.RunId is not null)
            {
                // the live run replays all its events, so it is rebuilt from them rather than from half-saved rows
                active = message;
                continue;
            }
            Turns.Add(ChatTurn.FromMessage(message, artifacts));
        }
        if (active is not null)
        {
            Follow(active.RunId!.Value, active.Id, active.CreatedAt);
        }
        // reading variables asks the kernel: only for whoever may run code in it
        Variables = CanChange ? await sandboxes.InspectSessionAsync(sessionId, cancellationToken) : null;
    }

    /// <summary>Sets the open session's model (a model id of the catalog; null: the default): its next question goes to it.</summary>
    public Task SetModelAsync(string? model, CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        if (Current is not { } session || !Changeable())
        {
            return;
        }
        await sessions.SetSessionModelAsync(session.Id, model, cancellationToken);
        session.Model = model;
        await NotifyAsync();
    });

    public Task SendAsync(string text, CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        Error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            // nothing to send (the input's button is disabled then)
            return;
        }
        Current ??= await CreateSessionAsync(cancellationToken);
        if (Current is null || !Changeable())
        {
            await NotifyAsync();
            return;
        }
        try
        {
            var user = await UserAsync();
            var run = await runs.StartAsync(Current.Id, text, user, cancellationToken);
            Turns.Add(new ChatTurn { Id = Guid.NewGuid(), Role = MessageRoles.User, UserText = text.Trim() });
            Follow(run.RunId, run.MessageId, time.GetUtcNow());
            Sessions = await sessions.ListSessionsAsync(user.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidQuestionException or Core.Agent.TokenBudgetExceededException or RunInProgressException or SessionNotFoundException or QuotaExceededException)
        {
            // a refusal that says what to do; the question stays in nobody's way
            Error = ex.Message;
        }
        await NotifyAsync();
    });

    public Task CancelAsync(CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        if (ActiveTurn is { RunId: { } runId } && Current is { } session && Changeable())
        {
            await runs.CancelAsync(session.Id, runId, cancellationToken);
        }
    });

    /// <summary>Reads the open session's file list again (after an upload from the page).</summary>
    public Task RefreshFilesAsync(CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        if (Current is { } session)
        {
            Files = await sessions.ListFilesAsync(session.Id, cancellationToken);
            await NotifyAsync();
        }
    });

    /// <summary>
    /// Deletes a file of the open session (every version); refused while the session answers a question, whose code
    /// may be reading it.
    /// </summary>
    public Task DeleteFileAsync(string name, CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        Error = null;
        if (Current is not { } session || !Changeable())
        {
            await NotifyAsync();
            return;
        }
        if (await runs.GetActiveRunIdAsync(session.Id, cancellationToken) is not null)
        {
            Error = $"{name} can be deleted once the current answer is done (its code may be reading it).";
        }
        else if (await AuditFileDeletionAsync(session.Id, name, cancellationToken) && (await files.DeleteAsync(session.Id, name, cancellationToken)).Count == 0)
        {
            Error = $"{name} is no longer in this session.";
        }
        Files = await sessions.ListFilesAsync(session.Id, cancellationToken);
        await NotifyAsync();
    });

    /// <summary>Records the deletion before it is done (a record that cannot be stored throws and the file stays).</summary>
    private async Task<bool> AuditFileDeletionAsync(Guid sessionId, string name, CancellationToken cancellationToken)
    {
        if (audit is not null)
        {
            await audit.RequireAsync(await UserAsync(), Core.Audit.AuditActions.FileDeleted, sessionId, name, cancellationToken);
        }
        return true;
    }

    public Task DeleteSessionAsync(Guid sessionId, CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        var user = await UserAsync();
        if (await access.CheckAsync(sessionId, user, Access.AccessLevel.Write, cancellationToken) != Access.AccessVerdict.Allowed)
        {
            Error = ReadOnlyRefusal;
            await NotifyAsync();
            return;
        }
        if (Current?.Id == sessionId)
        {
            Close();
        }
        await deletion.DeleteAsync(sessionId, user, cancellationToken);
        Sessions = await sessions.ListSessionsAsync(user.Id, cancellationToken);
        await NotifyAsync();
    });

    public void DismissError() => Error = null;

    /// <summary>Whether the open session may be changed by the signed-in user; if not, <see cref="Error"/> says so.</summary>
    private bool Changeable()
    {
        if (CanChange)
        {
            return true;
        }
        Error = ReadOnlyRefusal;
        return false;
    }

    /// <summary>Every artifact of the open session (the gallery), or none when no session is open or the store is unreachable.</summary>
    public async Task<IReadOnlyList<Artifact>> ListArtifactsAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Artifact> artifacts = [];
        if (Current is { } session)
        {
            // the conversation's own (a dashboard refresh stores its recomputed artifacts without a step)
            await GuardAsync(async () => artifacts = [.. (await sessions.ListArtifactsAsync(session.Id, cancellationToken)).Where(a => a.StepId is not null)]);
        }
        return artifacts;
    }

    /// <summary>Asks the last question again, as a new turn (earlier turns stay).</summary>
    public Task RegenerateAsync(CancellationToken cancellationToken = default) =>
        Turns.LastOrDefault(t => t.Role == MessageRoles.User) is { } last && ActiveTurn is null
            ? SendAsync(last.UserText, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Puts a question back into the input for editing; sending it makes a new turn (earlier turns stay).</summary>
    public void EditQuestion(string text) => Draft = new ChatDraft(text);

    /// <summary>Asks the open session's kernel for its variables (never starts one).</summary>
    public Task RefreshVariablesAsync(CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        await RefreshVariablesCoreAsync(cancellationToken);
        await NotifyAsync();
    });

    private async Task RefreshVariablesCoreAsync(CancellationToken cancellationToken)
    {
        if (Current is { } session)
        {
            var variables = await sandboxes.InspectSessionAsync(session.Id, cancellationToken);
            if (Current?.Id == session.Id)
            {
                Variables = variables;
            }
        }
    }

    /// <summary>Runs a change; a service it needs being unreachable becomes a readable <see cref="Error"/>, and the page stays usable.</summary>
    private async Task GuardAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (Unavailable(ex) is { } dependency)
        {
            LogDependencyUnavailable(logger, dependency, ex.GetType().Name);
            Error = $"{dependency} is unreachable right now; nothing was lost. Try again in a moment.";
            await NotifyAsync();
        }
        catch (Core.Audit.AuditUnavailableException ex)
        {
            // the action was not done: the audit log could not record it
            Error = ex.Message;
            await NotifyAsync();
        }
    }

    private string? Unavailable(Exception exception) => dependencies.Select(d => d.Classify(exception)).FirstOrDefault(d => d is not null);

    private void Follow(Guid runId, Guid messageId, DateTimeOffset startedAt)
    {
        StopFollowing();
        var turn = new ChatTurn { Id = messageId, Role = MessageRoles.Assistant, Status = RunStatuses.Running, RunId = runId, StartedAt = startedAt };
        Turns.Add(turn);
        var follow = new CancellationTokenSource();
        _follow = follow;
        _ = Task.Run(async () =>
        {
            // a store or bus outage interrupts the following, not the run: follow again after the last event seen
            long seen = 0;
            var done = false;
            while (!done && !follow.IsCancellationRequested)
            {
                try
                {
                    await foreach (var sequenced in follower.FollowAsync(runId, seen, follow.Token))
                    {
                        seen = sequenced.Sequence;
                        done = sequenced.IsDone;
                        if (sequenced.ToEvent() is { } agentEvent)
                        {
                            await Dispatch(() => turn.Apply(agentEvent));
                            if (agentEvent is DoneEvent)
                            {
                                turn.EndedAt = time.GetUtcNow();
                                await RefreshVariablesCoreAsync(follow.Token);
                            }
                            await NotifyAsync();
                        }
                    }
                    done = true;
                }
                catch (OperationCanceledException)
                {
                    // the page moved on; the run continues
                    return;
                }
                catch (Exception ex)
                {
                    LogFollowFailed(logger, runId, ex);
                    if (Unavailable(ex) is { } dependency)
                    {
                        Error = $"{dependency} is unreachable right now; this answer goes on and appears here once it is back.";
                        await NotifyAsync();
                    }
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(2), follow.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }, CancellationToken.None);
    }

    private void StopFollowing()
    {
        _follow?.Cancel();
        _follow?.Dispose();
        _follow = null;
    }

    private async Task NotifyAsync()
    {
        if (Changed is { } changed)
        {
            await changed();
        }
    }

    public ValueTask DisposeAsync()
    {
        StopFollowing();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The page could not reach {Dependency} ({ExceptionType})")]
    private static partial void LogDependencyUnavailable(ILogger logger, string dependency, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following run {RunId} in the page failed")]
    private static partial void LogFollowFailed(ILogger logger, Guid runId, Exception exception);
}
