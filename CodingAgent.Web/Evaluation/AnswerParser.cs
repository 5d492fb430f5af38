using System.Text.RegularExpressions;

namespace CodingAgent.Web.Evaluation;

/// <summary>
/// Reads InfiAgent-DABench's closed-form answers, <c>@name[value]</c>, from a final answer (the same pattern as its
/// evaluation, <c>@(\w+)\[(.*?)\]</c>: a value ends at the first <c>]</c> and stays on one line).
/// </summary>
public static partial class AnswerParser
{
    [GeneratedRegex(@"@(?<name>\w+)\[(?<value>.*?)\]")]
    private static partial Regex Answer();

    /// <summary>Every answer by name; a name given more than once keeps its last value. Values are trimmed.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? text)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in Answer().Matches(text ?? ""))
        {
            answers[match.Groups["name"].Value] = match.Groups["value"].Value.Trim();
        }
        return answers;
    }
}
