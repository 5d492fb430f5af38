using System.Text;
using CodingAgent.Core.Files;

namespace CodingAgent.Web.Evaluation;

/// <summary>
/// <c>eval &lt;questions.jsonl&gt; [--out results.json] [--keep-sessions]</c>: checks the question file (a usage error
/// names each bad line and nothing runs), starts the app's host without HTTP, checks that a model is configured and the
/// sandbox and storage are ready, runs every question through the real agent in a fresh session, one after another,
/// prints a table and the accuracy on stdout (progress and logs go to stderr), and writes the results file.
/// See <see cref="EvaluationExitCodes"/>.
/// </summary>
public static class EvaluationCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return await RunAsync(args, Console.Out, Console.Error);
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var (arguments, problem) = EvaluationArguments.Parse(args);
        if (arguments is null)
        {
            await stderr.WriteLineAsync(problem + "\n" + EvaluationArguments.Usage);
            return EvaluationExitCodes.UsageError;
        }
        var questions = await QuestionSet.LoadAsync(arguments.QuestionsPath, CancellationToken.None);
        if (questions.Problems.Count > 0)
        {
            return await UsageErrorAsync(stderr, questions.Problems);
        }

        WebApplication app;
        try
        {
            app = EvaluationHost.Build(arguments.HostArguments);
        }
        catch (Exception ex)
        {
            await stderr.WriteLineAsync("The app could not be configured: " + ex.Message);
            return EvaluationExitCodes.NotAllRan;
        }
        await using (app)
        {
            var tooLarge = EvaluationPreflight.TooLarge(questions.Questions, app.Services.GetRequiredService<WorkspaceFileService>(), arguments.QuestionsPath);
            if (tooLarge.Count > 0)
            {
                return await UsageErrorAsync(stderr, tooLarge);
            }
            try
            {
                await app.StartAsync();
            }
            catch (Exception ex)
            {
                await stderr.WriteLineAsync("The app could not start: " + ex.Message);
                return EvaluationExitCodes.NotAllRan;
            }
            try
            {
                return await EvaluateAsync(app, questions.Questions, arguments, stdout, stderr);
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<int> EvaluateAsync(WebApplication app, IReadOnlyList<EvaluationQuestion> questions, EvaluationArguments arguments, TextWriter stdout, TextWriter stderr)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        var problems = await EvaluationPreflight.CheckAsync(app.Services, stopping);
        if (problems.Count > 0)
        {
            await WriteProblemsAsync(stderr, problems);
            return EvaluationExitCodes.NotAllRan;
        }
        var runner = app.Services.GetRequiredService<QuestionRunner>();
        var results = new List<QuestionResult>();
        foreach (var question in questions)
        {
            if (stopping.IsCancellationRequested)
            {
                results.Add(QuestionResult.CouldNotRun(question, "The evaluation was stopped before this question.", 0));
                continue;
            }
            await stderr.WriteLineAsync($"[{results.Count + 1}/{questions.Count}] {question.Id}");
            try
            {
                var result = await runner.RunAsync(question, arguments.KeepSessions, stopping);
                results.Add(result);
                await stderr.WriteLineAsync($"[{results.Count}/{questions.Count}] {question.Id}: {(result.Correct ? "correct" : "wrong")} ({result.Status}{(result.Error is null ? "" : ": " + result.Error)}){(result.SessionId is { } kept ? $", session {kept} kept" : "")}");
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                results.Add(QuestionResult.CouldNotRun(question, "The evaluation was stopped during this question.", 0));
            }
        }

        var report = EvaluationReport.Of(results);
        await ResultsTable.WriteAsync(stdout, report);
        await stdout.FlushAsync(CancellationToken.None);
        if (arguments.OutPath is { } output)
        {
            await report.WriteAsync(output, CancellationToken.None);
        }
        return results.Any(r => r.Status == QuestionResult.NotRun) ? EvaluationExitCodes.NotAllRan : EvaluationExitCodes.AllRan;
    }

    private static async Task<int> UsageErrorAsync(TextWriter stderr, IReadOnlyList<string> problems)
    {
        await WriteProblemsAsync(stderr, problems);
        return EvaluationExitCodes.UsageError;
    }

    private static async Task WriteProblemsAsync(TextWriter stderr, IReadOnlyList<string> problems)
    {
        foreach (var problem in problems)
        {
            await stderr.WriteLineAsync(problem);
        }
        await stderr.WriteLineAsync("No question was run.");
    }
}
