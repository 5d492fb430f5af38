namespace CodingAgent.Web.Evaluation;

/// <summary>
/// The outcome of one question, as the results file writes it. <see cref="Status"/> is the run's status
/// (<c>completed</c>, <c>failed</c>, …) or <see cref="NotRun"/> when the question could not run (then
/// <see cref="Error"/> says why); <see cref="Seconds"/> runs from creating the session to reading the stored answer;
/// <see cref="SessionId"/> is set when the session was kept (<c>--keep-sessions</c>).
/// </summary>
public sealed record QuestionResult(
    string Id,
    bool Correct,
    IReadOnlyDictionary<string, string> Answers,
    int Steps,
    int SelfCorrections,
    long InputTokens,
    long OutputTokens,
    double Seconds,
    IReadOnlyDictionary<string, object> Expected,
    string Status,
    string? Error,
    string? AnswerText,
    Guid? SessionId = null)
{
    public const string NotRun = "error";

    public static QuestionResult CouldNotRun(EvaluationQuestion question, string error, double seconds) => new(
        question.Id, false, new Dictionary<string, string>(), 0, 0, 0, 0, seconds, ExpectedOf(question), NotRun, error, null);

    public static IReadOnlyDictionary<string, object> ExpectedOf(EvaluationQuestion question) =>
        question.Answers.ToDictionary(a => a.Key, a => a.Value.Value, StringComparer.Ordinal);
}
