using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Api;
using CodingAgent.Web.Health;

namespace CodingAgent.Web.Components.Chat;

/// <summary>
/// The sessions sidebar of one circuit: search by title and content, rename, and delete with undo. A deleted session
/// is only hidden for <see cref="UndoWindow"/>; it is deleted for real (<see cref="DeleteForever"/>) when the window
/// passes, and never if the circuit ends first (disposal cancels every pending deletion).
/// </summary>
public sealed partial class SessionSidebarState(
    ISessionRepository sessions,
    TimeProvider time,
    IEnumerable<IDependencyFailureClassifier> dependencies,
    ILogger<SessionSidebarState> logger,
    Access.SessionAccess access,
    Access.CircuitUser user) : IAsyncDisposable
{
    public static readonly TimeSpan UndoWindow = TimeSpan.FromSeconds(8);

    private readonly Dictionary<Guid, (PendingDeletion Deletion, CancellationTokenSource Cancel)> _pending = [];
    private readonly CancellationTokenSource _disposed = new();
    private int _searches;

    /// <summary>The search text; empty when not searching.</summary>
    public string Query { get; private set; } = "";

    /// <summary>The sessions the search found, most recently active first; null when not searching.</summary>
    public IReadOnlyList<Session>? Matches { get; private set; }

    /// <summary>Deleted sessions that can still be restored, oldest first.</summary>
    public IReadOnlyList<PendingDeletion> Pending => [.. _pending.Values.Select(p => p.Deletion)];

    /// <summary>Why the last search failed, in words; null when it did not.</summary>
    public string? Error { get; private set; }

    /// <summary>Runs a change on the renderer's thread; the page sets it to its InvokeAsync.</summary>
    public Func<Func<Task>, Task> Dispatch { get; set; } = work => work();

    /// <summary>Deletes a session for real once its undo window passed (the page: <c>ChatState.DeleteSessionAsync</c>).</summary>
    public Func<Guid, Task> DeleteForever { get; set; } = _ => Task.CompletedTask;

    /// <summary>Reloads the session list after a rename (the page: <c>ChatState.RefreshSessionsAsync</c>).</summary>
    public Func<Task> SessionsChanged { get; set; } = () => Task.CompletedTask;

    /// <summary>Raised after any change; the sidebar re-renders on it.</summary>
    public event Func<Task>? Changed;

    /// <summary>The title to show: the session's, or "Untitled analysis" before its first question.</summary>
    public static string DisplayTitle(Session session) => session.Title.Length > 0 ? session.Title : "Untitled analysis";

    /// <summary>What the sidebar lists: the search's matches (or <paramref name="all"/>) without the pending deletions.</summary>
    public IReadOnlyList<Session> Visible(IReadOnlyList<Session> all) => [.. (Matches ?? all).Where(s => !_pending.ContainsKey(s.Id))];

    public async Task SearchAsync(string text, CancellationToken cancellationToken = default)
    {
        var query = SessionTitles.Clean(text);
        if (query.Length > SessionsApi.MaxSearchLength)
        {
            query = query[..SessionsApi.MaxSearchLength];
        }
        var search = ++_searches;
        Query = query;
        Error = null;
        IReadOnlyList<Session>? found = null;
        try
        {
            found = query.Length == 0 ? null : await sessions.SearchSessionsAsync((await user.GetAsync()).Id, query, cancellationToken);
        }
        catch (Exception ex) when (Unavailable(ex) is { } dependency)
        {
            LogSearchFailed(logger, dependency, ex.GetType().Name);
            Error = $"Search is not available: {dependency} is unreachable right now.";
        }
        if (search != _searches)
        {
            // typed on meanwhile: the newer search decides
            return;
        }
        Matches = found;
        await NotifyAsync();
    }

    /// <summary>Renames a session; returns why the title was refused or could not be stored, or null when it was renamed.</summary>
    public async Task<string?> RenameAsync(Guid id, string title, CancellationToken cancellationToken = default)
    {
        var clean = SessionTitles.Clean(title);
        if (clean.Length == 0)
        {
            return "The title cannot be empty.";
        }
        if (clean.Length > SessionTitles.MaxLength)
        {
            return $"The title is longer than {SessionTitles.MaxLength} characters.";
        }
        try
        {
            if (await access.CheckAsync(id, await user.GetAsync(), Access.AccessLevel.Write, cancellationToken) != Access.AccessVerdict.Allowed)
            {
                return "Only the session's owner can rename it.";
            }
            await sessions.RenameSessionAsync(id, clean, cancellationToken);
        }
        catch (Exception ex) when (Unavailable(ex) is { } dependency)
        {
            LogRenameFailed(logger, dependency, ex.GetType().Name);
            return $"Not renamed: {dependency} is unreachable right now; try again in a moment.";
        }
        if (Matches is not null)
        {
            Matches = [.. Matches.Select(s => s.Id == id ? Renamed(s, clean) : s)];
        }
        await SessionsChanged();
        await NotifyAsync();
        return null;
    }

    /// <summary>Hides the session and deletes it for real when <see cref="UndoWindow"/> passes without <see cref="UndoAsync"/>.</summary>
    public Task DeleteAsync(Session session, bool isOpen)
    {
        if (_pending.ContainsKey(session.Id))
        {
            return Task.CompletedTask;
        }
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        _pending[session.Id] = (new PendingDeletion(session, isOpen), cancel);
        _ = DeleteWhenTheWindowPassesAsync(session.Id, cancel.Token);
        return NotifyAsync();
    }

    /// <summary>Keeps a session deleted in the sidebar; returns the deletion undone, or null when it was not pending any more.</summary>
    public async Task<PendingDeletion?> UndoAsync(Guid id)
    {
        if (!_pending.Remove(id, out var pending))
        {
            return null;
        }
        await pending.Cancel.CancelAsync();
        pending.Cancel.Dispose();
        await NotifyAsync();
        return pending.Deletion;
    }

    private async Task DeleteWhenTheWindowPassesAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(UndoWindow, time, cancellationToken);
            await Dispatch(async () =>
            {
                if (cancellationToken.IsCancellationRequested || !_pending.Remove(id, out var pending))
                {
                    return;
                }
                pending.Cancel.Dispose();
                Matches = Matches is null ? null : [.. Matches.Where(s => s.Id != id)];
                await DeleteForever(id);
                await NotifyAsync();
            });
        }
        catch (OperationCanceledException)
        {
            // undone, or the circuit ended: nothing is deleted
        }
        catch (Exception ex)
        {
            LogDeleteFailed(logger, id, ex);
        }
    }

    private static Session Renamed(Session session, string title) => new()
    {
        Id = session.Id,
        Title = title,
        CreatedAt = session.CreatedAt,
        UpdatedAt = session.UpdatedAt,
    };

    private string? Unavailable(Exception exception) => dependencies.Select(d => d.Classify(exception)).FirstOrDefault(d => d is not null);

    private async Task NotifyAsync()
    {
        if (Changed is { } changed)
        {
            await changed();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        await _disposed.CancelAsync();
        foreach (var (_, cancel) in _pending.Values)
        {
            cancel.Dispose();
        }
        _pending.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Searching sessions failed: {Dependency} is unreachable ({ExceptionType})")]
    private static partial void LogSearchFailed(ILogger logger, string dependency, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renaming a session failed: {Dependency} is unreachable ({ExceptionType})")]
    private static partial void LogRenameFailed(ILogger logger, string dependency, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting session {SessionId} after its undo window failed")]
    private static partial void LogDeleteFailed(ILogger logger, Guid sessionId, Exception exception);
}
