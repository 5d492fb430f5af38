using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Agent;

/// <summary>The conversation part of the session store in memory (messages, steps, artifacts; no files), for fast agent tests.</summary>
internal sealed class AgentTestRepository : ISessionRepository
{
    private readonly Lock _gate = new();
    private readonly List<ConversationMessage> _messages = [];
    private readonly List<Artifact> _artifacts = [];

    public Task AddMessageAsync(ConversationMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _messages.Add(message);
        }
        return Task.CompletedTask;
    }

    public Task UpdateMessageAsync(ConversationMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<ConversationMessage>> ListMessagesAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ConversationMessage>>([.. _messages.Where(m => m.SessionId == sessionId).OrderBy(m => m.CreatedAt)]);
        }
    }

    public Task AddStepAsync(ExecutionStep step, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _messages.Single(m => m.Id == step.MessageId).Steps.Add(step);
        }
        return Task.CompletedTask;
    }

    public Task AddArtifactAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _artifacts.Add(artifact);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WorkspaceFile>> ListFilesAsync(Guid sessionId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<WorkspaceFile>>([]);

    /// <summary>Every session of this store belongs to the local user (<see cref="Core.Users.CurrentUser.Local"/>), who runs the agent tests.</summary>
    public Task<TokenTotals> SumTokensAsync(Guid? sessionId, string? ownerId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var owned = ownerId is null || ownerId == Core.Users.CurrentUser.Local.Id;
            var answers = _messages.Where(m => owned && m.Role == MessageRoles.Assistant && (sessionId is null || m.SessionId == sessionId) && (since is null || m.CreatedAt >= since)).ToList();
            return Task.FromResult(new TokenTotals(answers.Sum(m => m.InputTokens), answers.Sum(m => m.OutputTokens),
                answers.Any(m => m.Cost is not null) ? answers.Sum(m => m.Cost ?? 0) : null));
        }
    }

    public Task SetSessionModelAsync(Guid id, string? model, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Session> CreateSessionAsync(string title, string ownerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Session?> GetSessionAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult<Session?>(new Session { Id = id });
    public Task<IReadOnlyList<Session>> ListSessionsAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<Session>> SearchSessionsAsync(string userId, string text, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> DeleteSessionAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RenameSessionAsync(Guid id, string title, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ConversationMessage?> GetRunAsync(Guid runId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ConversationMessage>> ListRunningAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> InterruptRunAsync(Guid messageId, string content, string error, IReadOnlyList<ExecutionStep> recoveredSteps, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Artifact?> GetArtifactAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<Artifact>> ListArtifactsAsync(Guid sessionId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<WorkspaceFile> AddFileVersionAsync(WorkspaceFile file, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<WorkspaceFile>> ListFileVersionsAsync(Guid sessionId, string name, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<WorkspaceFile?> GetFileAsync(Guid sessionId, string name, int? version, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<WorkspaceFile>> DeleteFileAsync(Guid sessionId, string name, CancellationToken cancellationToken) => throw new NotSupportedException();
}
