using CodingAgent.Core.Artifacts;
using CodingAgent.Core.Audit;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Core.Agent;

/// <summary>
/// Records a run's steps: publishes each step's events as they happen and persists the step and its artifacts
/// (figures sanitized, names bounded) when it ends.
/// </summary>
internal sealed partial class StepRecorder(RunContext run, ISessionRepository repository, IBlobStore blobs, TimeProvider time, IAuditLog? audit, ILogger logger)
{
    /// <summary>
    /// Records the execution of <paramref name="code"/> in the audit log (its SHA-256) before it runs. Best effort: a
    /// record that cannot be stored is logged as an error and the code runs (the run is under way; its steps are kept).
    /// </summary>
    public async Task AuditAsync(string code, CancellationToken cancellationToken)
    {
        if (audit is null)
        {
            return;
        }
        try
        {
            await audit.AppendAsync(AuditEntry.Create(time.GetUtcNow(), run.Handle.User.Name, AuditActions.CodeExecution, run.Handle.SessionId,
                $"{code.Length} characters", AuditLogExtensions.CodeSha256(code)), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogAuditFailed(logger, run.Handle.SessionId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log could not record a code execution in session {SessionId}; the code runs")]
    private static partial void LogAuditFailed(ILogger logger, Guid sessionId, Exception exception);

    public ExecutionStep Start(string code)
    {
        var (input, output) = run.Usage.TakeUnassigned();
        var step = new ExecutionStep
        {
            Id = Guid.NewGuid(),
            MessageId = run.Handle.MessageId,
            Index = run.Steps.Count + 1,
            Code = code,
            CreatedAt = time.GetUtcNow(),
            InputTokens = input,
            OutputTokens = output,
        };
        run.Steps.Add(step);
        run.Handle.Publish(new CodeEvent(step.Id, code));
        return step;
    }

    public Action<OutputChunk> OutputOf(ExecutionStep step) => chunk => run.Handle.Publish(chunk.Stream == "stderr"
        ? new StderrEvent(step.Id, chunk.Text)
        : new StdoutEvent(step.Id, chunk.Text));

    /// <summary>Stores the step's result and artifacts (announcing each artifact); <see cref="End"/> closes it.</summary>
    public async Task<IReadOnlyList<Artifact>> StoreAsync(ExecutionStep step, ExecutionResult result, KernelReads? reads)
    {
        step.Stdout = result.Stdout;
        step.Stderr = result.Stderr;
        step.ResultText = result.ResultText;
        step.Succeeded = result.Succeeded;
        step.DurationMs = result.Duration.TotalMilliseconds;
        // what the kernel reports is written by hostile code: kept within the store's column sizes
        step.ErrorType = Bounded(result.Error?.Type, 200);
        step.ErrorMessage = result.Error?.Message;
        step.Traceback = result.Error?.Traceback;
        // stored whatever the run's cancellation: the step happened
        await repository.AddStepAsync(step, CancellationToken.None);

        var artifacts = new List<Artifact>();
        foreach (var produced in result.Artifacts)
        {
            // a figure from model code is hostile: it is stored without links and without sources elsewhere
            var bytes = produced.Kind == ArtifactKinds.Chart ? PlotlyFigureSanitizer.Sanitize(produced.Content) : produced.Content;
            var artifact = new Artifact
            {
                Id = Guid.NewGuid(),
                SessionId = run.Handle.SessionId,
                RunId = run.Handle.RunId,
                StepId = step.Id,
                Kind = produced.Kind,
                Name = Bounded(produced.Name, 200)!,
                MediaType = Bounded(produced.MediaType, 200)!,
                Size = bytes.LongLength,
                CreatedAt = time.GetUtcNow(),
                InputFiles = reads?.Serialize(),
            };
            using (var content = new MemoryStream(bytes, writable: false))
            {
                await blobs.PutAsync(BlobKeys.Artifact(artifact.SessionId, artifact.Id), content, CancellationToken.None);
            }
            if (produced.Rows is { } rows)
            {
                using var content = new MemoryStream(rows, writable: false);
                await blobs.PutAsync(BlobKeys.ArtifactRows(artifact.SessionId, artifact.Id), content, CancellationToken.None);
            }
            await repository.AddArtifactAsync(artifact, CancellationToken.None);
            artifacts.Add(artifact);
            run.Handle.Publish(new ArtifactEvent(artifact.Id, artifact.Kind, artifact.Name, artifact.MediaType, step.Id));
        }
        return artifacts;
    }

    /// <summary>Publishes the step's error (if any) and its end.</summary>
    public void End(ExecutionStep step, ExecutionResult result)
    {
        if (result.Error is { } error)
        {
            run.Handle.Publish(new StepErrorEvent(step.Id, error.Type, error.Message, error.Traceback));
        }
        run.Handle.Publish(new StepEndEvent(step.Id, result.Succeeded, step.DurationMs, result.ResultText));
    }

    private static string? Bounded(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;
}
