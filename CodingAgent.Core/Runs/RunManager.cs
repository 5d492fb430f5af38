using System.Collections.Concurrent;
using CodingAgent.Core.Agent;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Core.Runs;

/// <summary>
/// Starts runs in the background, independent of whoever asked: a run keeps going when the browser tab
/// or the HTTP request that started it goes away, and can be followed or cancelled by its id.
/// One run at a time per session.
/// </summary>
public sealed partial class RunManager(
    AgentRunner runner,
    ISessionRepository repository,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<RunManager> logger)
{
    private static readonly TimeSpan _keepFinished = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<Guid, RunHandle> _runs = new();
    private readonly ConcurrentDictionary<Guid, RunHandle> _activeBySession = new();

    public RunHandle? GetRun(Guid runId) => _runs.GetValueOrDefault(runId);

    public RunHandle? GetActiveRun(Guid sessionId) => _activeBySession.GetValueOrDefault(sessionId);

    public async Task<RunHandle> StartAsync(Guid sessionId, string question, CancellationToken cancellationToken)
    {
        var session = await repository.GetSessionAsync(sessionId, cancellationToken) ?? throw new SessionNotFoundException(sessionId);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var now = time.GetUtcNow();
        var assistant = new ConversationMessage
        {
            Id = Guid.NewGuid(),
            SessionId = sessionId,
            Role = MessageRoles.Assistant,
            RunId = Guid.NewGuid(),
            Status = RunStatuses.Running,
            // after the question, also where the store keeps only millisecond precision
            CreatedAt = now.AddMilliseconds(1),
        };
        var handle = new RunHandle(assistant.RunId.Value, sessionId, assistant.Id, cancellation, EndActive);
        if (!_activeBySession.TryAdd(sessionId, handle))
        {
            cancellation.Dispose();
            throw new RunInProgressException(_activeBySession.GetValueOrDefault(sessionId)?.RunId ?? Guid.Empty);
        }
        try
        {
            await repository.AddMessageAsync(new ConversationMessage
            {
                Id = Guid.NewGuid(),
                SessionId = sessionId,
                Role = MessageRoles.User,
                Content = question,
                CreatedAt = now,
            }, cancellationToken);
            await repository.AddMessageAsync(assistant, cancellationToken);
            if (session.Title.Length == 0)
            {
                await repository.RenameSessionAsync(sessionId, question.Length > 60 ? question[..57] + "..." : question, cancellationToken);
            }
        }
        catch
        {
            _activeBySession.TryRemove(sessionId, out _);
            cancellation.Dispose();
            throw;
        }
        _runs[handle.RunId] = handle;
        _ = Task.Run(() => ExecuteAsync(handle, assistant, question, cancellation), CancellationToken.None);
        return handle;
    }

    private async Task ExecuteAsync(RunHandle handle, ConversationMessage assistant, string question, CancellationTokenSource cancellation)
    {
        try
        {
            await runner.RunAsync(handle, assistant, question, cancellation.Token);
        }
        catch (Exception ex)
        {
            LogRunCrashed(logger, handle.RunId, ex);
            handle.Publish(new ErrorEvent("The run stopped unexpectedly."));
            handle.Publish(new DoneEvent(RunStatuses.Failed, new UsageInfo(0, 0)));
        }
        finally
        {
            EndActive(handle);
            cancellation.Dispose();
            _ = ForgetLaterAsync(handle.RunId);
        }
    }

    private void EndActive(RunHandle handle) => _activeBySession.TryRemove(new KeyValuePair<Guid, RunHandle>(handle.SessionId, handle));

    private async Task ForgetLaterAsync(Guid runId)
    {
        try
        {
            await Task.Delay(_keepFinished, time, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
        _runs.TryRemove(runId, out _);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} crashed")]
    private static partial void LogRunCrashed(ILogger logger, Guid runId, Exception exception);
}
