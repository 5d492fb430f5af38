using CodingAgent.Core.Agent;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
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
    ILogger<ChatState> logger) : IAsyncDisposable
{
    private CancellationTokenSource? _follow;

    public IReadOnlyList<Session> Sessions { get; private set; } = [];
    public Session? Current { get; private set; }
    public List<ChatTurn> Turns { get; } = [];
    public IReadOnlyList<WorkspaceFile> Files { get; private set; } = [];
    public string? Error { get; private set; }
    public bool IsUploading { get; private set; }
    public bool IsModelConfigured => llm.Value.IsConfigured;
    public string ModelHelp => ModelNotConfiguredException.HelpText;
    public ChatTurn? ActiveTurn => Turns.LastOrDefault(t => t.IsRunning);

    /// <summary>Runs a change on the renderer's thread; the page sets it to its InvokeAsync.</summary>
    public Func<Action, Task> Dispatch { get; set; } = work =>
    {
        work();
        return Task.CompletedTask;
    };

    /// <summary>Raised after any change; the page re-renders on it.</summary>
    public event Func<Task>? Changed;

    public async Task LoadAsync(Guid? sessionId, CancellationToken cancellationToken = default)
    {
        Sessions = await sessions.ListSessionsAsync(cancellationToken);
        if (sessionId is { } id)
        {
            await OpenAsync(id, cancellationToken);
        }
        await NotifyAsync();
    }

    public async Task<Session> CreateSessionAsync(CancellationToken cancellationToken = default)
    {
        var session = await sessions.CreateSessionAsync("", cancellationToken);
        Sessions = await sessions.ListSessionsAsync(cancellationToken);
        await OpenAsync(session.Id, cancellationToken);
        await NotifyAsync();
        return session;
    }

    public async Task OpenAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        StopFollowing();
        Error = null;
        Turns.Clear();
        Current = await sessions.GetSessionAsync(sessionId, cancellationToken);
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
            Follow(active.RunId!.Value, active.Id);
        }
    }

    public async Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        Error = null;
        text = text.Trim();
        if (text.Length == 0)
        {
            return;
        }
        if (text.Length > SessionsApi.MaxMessageLength)
        {
            Error = $"The message is longer than {SessionsApi.MaxMessageLength} characters.";
            await NotifyAsync();
            return;
        }
        Current ??= await CreateSessionAsync(cancellationToken);
        try
        {
            var run = await runs.StartAsync(Current.Id, text, cancellationToken);
            Turns.Add(new ChatTurn { Id = Guid.NewGuid(), Role = MessageRoles.User, UserText = text });
            Follow(run.RunId, run.MessageId);
            Sessions = await sessions.ListSessionsAsync(cancellationToken);
        }
        catch (RunInProgressException ex)
        {
            Error = ex.Message;
        }
        catch (SessionNotFoundException ex)
        {
            Error = ex.Message;
        }
        await NotifyAsync();
    }

    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        if (ActiveTurn is { RunId: { } runId } && Current is { } session)
        {
            await runs.CancelAsync(session.Id, runId, cancellationToken);
        }
    }

    public async Task UploadAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        Error = null;
        IsUploading = true;
        await NotifyAsync();
        try
        {
            Current ??= await CreateSessionAsync(cancellationToken);
            var upload = await files.UploadAsync(Current.Id, name, content, cancellationToken);
            Files = await sessions.ListFilesAsync(Current.Id, cancellationToken);
            if (upload.Warning is { } warning)
            {
                Error = $"{name} was uploaded, but cannot be used as a table: {warning}";
            }
        }
        catch (Exception ex) when (ex is InvalidFileNameException or FileTooLargeException or IOException)
        {
            Error = $"Could not upload {name}: {ex.Message}";
        }
        finally
        {
            IsUploading = false;
        }
        await NotifyAsync();
    }

    public async Task DeleteSessionAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        if (Current?.Id == sessionId)
        {
            StopFollowing();
            Current = null;
            Turns.Clear();
            Files = [];
        }
        await deletion.DeleteAsync(sessionId, cancellationToken);
        Sessions = await sessions.ListSessionsAsync(cancellationToken);
        await NotifyAsync();
    }

    public void DismissError() => Error = null;

    private void Follow(Guid runId, Guid messageId)
    {
        StopFollowing();
        var turn = new ChatTurn { Id = messageId, Role = MessageRoles.Assistant, Status = RunStatuses.Running, RunId = runId };
        Turns.Add(turn);
        var follow = new CancellationTokenSource();
        _follow = follow;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var sequenced in follower.FollowAsync(runId, 0, follow.Token))
                {
                    if (sequenced.ToEvent() is { } agentEvent)
                    {
                        await Dispatch(() => turn.Apply(agentEvent));
                        await NotifyAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // the page moved on; the run continues
            }
            catch (Exception ex)
            {
                LogFollowFailed(logger, runId, ex);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following run {RunId} in the page failed")]
    private static partial void LogFollowFailed(ILogger logger, Guid runId, Exception exception);
}
