namespace CodingAgent.Web.Evaluation;

/// <summary>One line of a question file: what to ask, the files to upload first (full paths) and the right answers by name.</summary>
public sealed record EvaluationQuestion(
    int Line,
    string Id,
    string Question,
    IReadOnlyList<string> Files,
    IReadOnlyDictionary<string, ExpectedAnswer> Answers);
