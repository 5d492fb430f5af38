using System.Text;

namespace CodingAgent.Core.Domain;

/// <summary>Session titles: one clean line, made from the first question or given by a user.</summary>
public static class SessionTitles
{
    /// <summary>The longest title a user may give (a longer one is refused, not cut).</summary>
    public const int MaxLength = 200;

    /// <summary>The longest title made from a question, an ellipsis included.</summary>
    public const int MaxQuestionTitleLength = 60;

    /// <summary>The text on one line: every run of white space (line breaks, tabs) and control character becomes one space, ends trimmed.</summary>
    public static string Clean(string? text)
    {
        var line = new StringBuilder(text?.Length ?? 0);
        var space = false;
        foreach (var c in text ?? "")
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = line.Length > 0;
                continue;
            }
            if (space)
            {
                line.Append(' ');
                space = false;
            }
            line.Append(c);
        }
        return line.ToString();
    }

    /// <summary>
    /// A title made from a question: <see cref="Clean"/>ed, and when longer than <see cref="MaxQuestionTitleLength"/>
    /// cut at the last word that fits, with an ellipsis (never in the middle of a surrogate pair).
    /// </summary>
    public static string FromQuestion(string question)
    {
        var line = Clean(question);
        if (line.Length <= MaxQuestionTitleLength)
        {
            return line;
        }
        var cut = MaxQuestionTitleLength - 1;
        if (char.IsLowSurrogate(line[cut]))
        {
            cut--;
        }
        var space = line.LastIndexOf(' ', cut);
        if (space >= MaxQuestionTitleLength / 2)
        {
            cut = space;
        }
        return line[..cut].TrimEnd(' ', ',', ';', ':', '-') + "…";
    }
}
