using CodingAgent.Core.Agent;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;

namespace CodingAgent.Web.Evaluation;

/// <summary>
/// Runs one question as a user of the app would: a fresh session, its files uploaded through
/// <see cref="WorkspaceFileService"/> (as the upload API does), the question run by <see cref="RunManager"/> (the real
/// agent and sandbox), then the stored answer, its steps and tokens read back; the session is deleted afterwards unless
/// it is to be kept.
/// </summary>
public sealed partial class QuestionRunner(
    ISessionRepository sessions,
    WorkspaceFileService files,
    RunManager runs,
    Api.SessionDeletion deletion,
    TimeProvider time,
    ILogger<QuestionRunner> logger)
{
    public async Task<QuestionResult> RunAsync(EvaluationQuestion question, bool keepSession, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        Session session;
        try
        {
            session = await sessions.CreateSessionAsync("Evaluation: " + question.Id, Core.Users.CurrentUser.Local.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return QuestionResult.CouldNotRun(question, "The session could not be created: " + ex.Message, Seconds(started));
        }
        try
        {
            ConversationMessage? run;
            try
            {
                await UploadAsync(session.Id, question, cancellationToken);
                var handle = await runs.StartAsync(session.Id, EvaluationPrompt.For(question), Core.Users.CurrentUser.Local, cancellationToken);
                await handle.Finished.WaitAsync(cancellationToken);
                run = await sessions.GetRunAsync(handle.RunId, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return QuestionResult.CouldNotRun(question, ex.Message, Seconds(started));
            }
            var seconds = Seconds(started);
            if (run is null)
            {
                return QuestionResult.CouldNotRun(question, "The run's answer was not stored.", seconds);
            }
            if (run.Error == ModelNotConfiguredException.HelpText || run.Status == RunStatuses.Interrupted)
            {
                return QuestionResult.CouldNotRun(question, run.Error ?? "The run was interrupted.", seconds);
            }
            return Result(question, run, seconds) with { SessionId = keepSession ? session.Id : null };
        }
        finally
        {
            if (!keepSession)
            {
                await DeleteAsync(session.Id);
            }
        }
    }

    private static QuestionResult Result(EvaluationQuestion question, ConversationMessage run, double seconds)
    {
        // a run whose end was never stored (it crashed) failed
        var status = RunStatuses.IsFinished(run.Status) ? run.Status! : RunStatuses.Failed;
        var answers = AnswerParser.Parse(run.Content);
        return new QuestionResult(
            question.Id,
            status == RunStatuses.Completed && AnswerComparer.AllMatch(question.Answers, answers),
            answers,
            run.Steps.Count,
            SelfCorrections.Count(run.Steps),
            run.InputTokens,
            run.OutputTokens,
            seconds,
            QuestionResult.ExpectedOf(question),
            status,
            run.Error,
            run.Content);
    }

    private async Task UploadAsync(Guid sessionId, EvaluationQuestion question, CancellationToken cancellationToken)
    {
        // the question file's own data, on the operator's disk (never a sandbox workspace)
        foreach (var path in question.Files)
        {
            await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            var upload = await files.UploadAsync(sessionId, Path.GetFileName(path), content, cancellationToken);
            if (upload.Warning is { } warning)
            {
                LogUploadWarning(logger, question.Id, upload.File.Name, warning);
            }
        }
    }

    private async Task DeleteAsync(Guid sessionId)
    {
        try
        {
            await deletion.DeleteAsync(sessionId, Core.Users.CurrentUser.Local, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogDeleteFailed(logger, sessionId, ex.Message);
        }
    }

    private double Seconds(long started) => Math.Round(time.GetElapsedTime(started).TotalSeconds, 3);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Question {Id}: {File} is stored but not usable as a table: {Warning}")]
    private static partial void LogUploadWarning(ILogger logger, string id, string file, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The evaluation session {SessionId} could not be deleted: {Reason}")]
    private static partial void LogDeleteFailed(ILogger logger, Guid sessionId, string reason);
}
