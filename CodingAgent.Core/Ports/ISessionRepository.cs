using CodingAgent.Core.Domain;

namespace CodingAgent.Core.Ports;

/// <summary>Sessions, messages, steps, artifact metadata and file versions (EF Core adapter in Web: SQLite or PostgreSQL).</summary>
public interface ISessionRepository
{
    /// <summary>A new session belonging to <paramref name="ownerId"/> (a <see cref="Users.CurrentUser.Id"/>).</summary>
    Task<Session> CreateSessionAsync(string title, string ownerId, CancellationToken cancellationToken);
    Task<Session?> GetSessionAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The sessions <paramref name="userId"/> owns and those shared with them, most recently active first.</summary>
    Task<IReadOnlyList<Session>> ListSessionsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Sessions whose title or any message contains <paramref name="text"/> (case-insensitive, taken literally: no
    /// wildcards), among those <see cref="ListSessionsAsync"/> lists for <paramref name="userId"/>, most recently active first.
    /// </summary>
    Task<IReadOnlyList<Session>> SearchSessionsAsync(string userId, string text, CancellationToken cancellationToken);
    Task<bool> DeleteSessionAsync(Guid id, CancellationToken cancellationToken);
    Task RenameSessionAsync(Guid id, string title, CancellationToken cancellationToken);

    /// <summary>Sets the model of a session (<c>provider/model</c>; null: the default model).</summary>
    Task SetSessionModelAsync(Guid id, string? model, CancellationToken cancellationToken);

    Task AddMessageAsync(ConversationMessage message, CancellationToken cancellationToken);
    Task UpdateMessageAsync(ConversationMessage message, CancellationToken cancellationToken);
    Task<IReadOnlyList<ConversationMessage>> ListMessagesAsync(Guid sessionId, CancellationToken cancellationToken);
    Task AddStepAsync(ExecutionStep step, CancellationToken cancellationToken);

    /// <summary>
    /// Tokens of the answers of one session (or of all when null), of the sessions <paramref name="ownerId"/> owns (or
    /// anyone's when null), created at or after <paramref name="since"/> (or ever when null).
    /// </summary>
    Task<TokenTotals> SumTokensAsync(Guid? sessionId, string? ownerId, DateTimeOffset? since, CancellationToken cancellationToken);

    /// <summary>The assistant message of a run, with its steps in order; null for an unknown run.</summary>
    Task<ConversationMessage?> GetRunAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Assistant messages still marked <see cref="RunStatuses.Running"/>, on any instance.</summary>
    Task<IReadOnlyList<ConversationMessage>> ListRunningAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Marks a run that nobody runs any more as <see cref="RunStatuses.Interrupted"/> with <paramref name="content"/>
    /// and <paramref name="error"/>, and adds the steps recovered from its events, in one transaction; only if it is
    /// still running (false when it ended meanwhile or someone else marked it).
    /// </summary>
    Task<bool> InterruptRunAsync(Guid messageId, string content, string error, IReadOnlyList<ExecutionStep> recoveredSteps, CancellationToken cancellationToken);

    Task AddArtifactAsync(Artifact artifact, CancellationToken cancellationToken);
    Task<Artifact?> GetArtifactAsync(Guid id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Artifact>> ListArtifactsAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new version of a file: <see cref="WorkspaceFile.Version"/> is set to one more than the newest version of
    /// that name in the session (1 for a new name), safely when several instances add versions at once.
    /// </summary>
    Task<WorkspaceFile> AddFileVersionAsync(WorkspaceFile file, CancellationToken cancellationToken);

    /// <summary>The current (newest) version of each file of the session, by name.</summary>
    Task<IReadOnlyList<WorkspaceFile>> ListFilesAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>Every version of one file, newest first; empty for an unknown name.</summary>
    Task<IReadOnlyList<WorkspaceFile>> ListFileVersionsAsync(Guid sessionId, string name, CancellationToken cancellationToken);

    /// <summary>One version of a file (the current one when <paramref name="version"/> is null), or null.</summary>
    Task<WorkspaceFile?> GetFileAsync(Guid sessionId, string name, int? version, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every version of the file <paramref name="name"/> and of the files derived from it (a Parquet file's CSV
    /// copy), and returns the rows deleted (empty for an unknown name), so that their blobs can be deleted too.
    /// </summary>
    Task<IReadOnlyList<WorkspaceFile>> DeleteFileAsync(Guid sessionId, string name, CancellationToken cancellationToken);
}
