using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Runs;

/// <summary>The run-related part of the session store, in memory, for fast tests of run logic (other members are not used by it).</summary>
internal sealed class InMemoryRunStore : ISessionRepository, IRunEventStore
{
    private readonly Lock _gate = new();
    private readonly List<ConversationMessage> _messages = [];
    private readonly List<RunEvent> _events = [];

    public int AppendCalls { get; private set; }

    public ConversationMessage AddRunning(Guid sessionId)
    {
        var message = new ConversationMessage { Id = Guid.NewGuid(), SessionId = sessionId, Role = MessageRoles.Assistant, RunId = Guid.NewGuid(), Status = RunStatuses.Running };
        lock (_gate)
        {
            _messages.Add(message);
        }
        return message;
    }

    public Task AddMessageAsync(ConversationMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _messages.Add(message);
        }
        return Task.CompletedTask;
    }

    public Task<ConversationMessage?> GetRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_messages.FirstOrDefault(m => m.RunId == runId));
        }
    }

    public Task<IReadOnlyList<ConversationMessage>> ListRunningAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ConversationMessage>>([.. _messages.Where(m => m.Status == RunStatuses.Running)]);
        }
    }

    public Task<bool> InterruptRunAsync(Guid messageId, string content, string error, IReadOnlyList<ExecutionStep> recoveredSteps, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var message = _messages.Single(m => m.Id == messageId);
            if (message.Status != RunStatuses.Running)
            {
                return Task.FromResult(false);
            }
            message.Status = RunStatuses.Interrupted;
            message.Content = content;
            message.Error = error;
            message.Steps.AddRange(recoveredSteps.Where(s => message.Steps.All(known => known.Id != s.Id)));
            return Task.FromResult(true);
        }
    }

    public Task AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            AppendCalls++;
            foreach (var e in events)
            {
                if (_events.Any(x => x.RunId == e.RunId && x.Sequence == e.Sequence))
                {
                    throw new InvalidOperationException($"event {e.Sequence} of run {e.RunId} is stored already");
                }
            }
            _events.AddRange(events);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RunEvent>> ReadAsync(Guid runId, long afterSequence, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RunEvent>>([.. _events.Where(e => e.RunId == runId && e.Sequence > afterSequence).OrderBy(e => e.Sequence)]);
        }
    }

    public Task<TokenTotals> SumTokensAsync(Guid? sessionId, string? ownerId, DateTimeOffset? since, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Session> CreateSessionAsync(string title, string ownerId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Session?> GetSessionAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<Session>> ListSessionsAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<Session>> SearchSessionsAsync(string userId, string text, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> DeleteSessionAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RenameSessionAsync(Guid id, string title, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task SetSessionModelAsync(Guid id, string? model, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task UpdateMessageAsync(ConversationMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ConversationMessage>> ListMessagesAsync(Guid sessionId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task AddStepAsync(ExecutionStep step, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task AddArtifactAsync(Artifact artifact, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<Artifact?> GetArtifactAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<Artifact>> ListArtifactsAsync(Guid sessionId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<WorkspaceFile> AddFileVersionAsync(WorkspaceFile file, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<WorkspaceFile>> ListFilesAsync(Guid sessionId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<WorkspaceFile>> ListFileVersionsAsync(Guid sessionId, string name, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<WorkspaceFile?> GetFileAsync(Guid sessionId, string name, int? version, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<WorkspaceFile>> DeleteFileAsync(Guid sessionId, string name, CancellationToken cancellationToken) => throw new NotSupportedException();
}
