using CodingAgent.Core.Domain;

namespace CodingAgent.Core.Ports;

/// <summary>Sessions, messages, steps and artifact metadata (EF Core adapter in Web).</summary>
public interface ISessionRepository
{
    Task<Session> CreateSessionAsync(string title, CancellationToken cancellationToken);
    Task<Session?> GetSessionAsync(Guid id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Session>> ListSessionsAsync(CancellationToken cancellationToken);
    Task<bool> DeleteSessionAsync(Guid id, CancellationToken cancellationToken);
    Task RenameSessionAsync(Guid id, string title, CancellationToken cancellationToken);

    Task AddMessageAsync(ConversationMessage message, CancellationToken cancellationToken);
    Task UpdateMessageAsync(ConversationMessage message, CancellationToken cancellationToken);
    Task<IReadOnlyList<ConversationMessage>> ListMessagesAsync(Guid sessionId, CancellationToken cancellationToken);
    Task AddStepAsync(ExecutionStep step, CancellationToken cancellationToken);

    Task AddArtifactAsync(Artifact artifact, CancellationToken cancellationToken);
    Task<Artifact?> GetArtifactAsync(Guid id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Artifact>> ListArtifactsAsync(Guid sessionId, CancellationToken cancellationToken);

    Task UpsertFileAsync(WorkspaceFile file, CancellationToken cancellationToken);
    Task<IReadOnlyList<WorkspaceFile>> ListFilesAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>Marks runs left "running" by a process that stopped as failed.</summary>
    Task<int> FailInterruptedRunsAsync(string reason, CancellationToken cancellationToken);
}

/// <summary>Bytes by key: uploads and artifact contents (filesystem here, S3 later).</summary>
public interface IBlobStore
{
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);
    Task DeleteByPrefixAsync(string prefix, CancellationToken cancellationToken);
}

public static class BlobKeys
{
    public static string Upload(Guid sessionId, string name) => $"sessions/{sessionId:N}/files/{name}";
    public static string Artifact(Guid sessionId, Guid artifactId) => $"sessions/{sessionId:N}/artifacts/{artifactId:N}";
    public static string SessionPrefix(Guid sessionId) => $"sessions/{sessionId:N}/";
}
