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
/// Runs belong to <see cref="RunManager"/>, not to this object, so closing the tab does not stop them.
/// </summary>
public sealed partial class ChatState(
    ISessionRepository sessions,
    RunManager runs,
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
        var active = runs.GetActiveRun(sessionId);
        foreach (var message in await sessions.ListMessagesAsync(sessionId, cancellationToken))
        {
            if (active is not null && message.Id == active.MessageId)
            {
                // the live run replays all its events, so it is rebuilt from them rather than from half-saved rows
                continue;
            }
            Turns.Add(ChatTurn.FromMessage(message, artifacts));
        }
        if (active is not null)
        {
            Follow(active);
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
            Follow(run);
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

    public void Cancel()
    {
        if (ActiveTurn is { RunId: { } runId })
        {
            runs.GetRun(runId)?.Cancel();
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

    private void Follow(RunHandle run)
    {
        StopFollowing();
        var turn = new ChatTurn { Id = run.MessageId, Role = MessageRoles.Assistant, Status = RunStatuses.Running, RunId = run.RunId };
        Turns.Add(turn);
        var follow = new CancellationTokenSource();
        _follow = follow;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var agentEvent in run.SubscribeAsync(follow.Token))
                {
                    await Dispatch(() => turn.Apply(agentEvent));
                    await NotifyAsync();
                }
            }
            catch (OperationCanceledException)
            {
                // the page moved on; the run continues
            }
            catch (Exception ex)
            {
                LogFollowFailed(logger, run.RunId, ex);
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
