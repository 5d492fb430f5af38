namespace CodingAgent.Web.Evaluation;

/// <summary>
/// What the agent is asked: the question, then (as InfiAgent-DABench's "format" field) how to end the answer, naming
/// every result expected.
/// </summary>
public static class EvaluationPrompt
{
    public static string For(EvaluationQuestion question) =>
        question.Question + "\n\n" +
        "End your answer with one line per result in the form @name[value]: " +
        string.Join(", ", question.Answers.Keys.Select(name => "@" + name + "[...]")) + ". " +
        "Inside the brackets put only the value: a plain number (no units, no thousands separators) or the exact text.";
}
