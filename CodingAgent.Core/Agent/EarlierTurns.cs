using System.Text;
using CodingAgent.Core.Domain;

namespace CodingAgent.Core.Agent;

/// <summary>
/// The compacted form of turns too old to send in full: each question and the start of its answer, newest first
/// within a character budget, as a delimited block of the system prompt.
/// </summary>
internal static class EarlierTurns
{
    private const int QuestionChars = 200;
    private const int AnswerChars = 300;

    public static string Summarize(IReadOnlyList<ConversationMessage> older, int maxChars)
    {
        var lines = new List<string>();
        var used = 0;
        var omitted = 0;
        for (var i = older.Count - 1; i >= 0; i--)
        {
            var message = older[i];
            var line = message.Role == MessageRoles.User
                ? "- user asked: " + OneLine(message.Content, QuestionChars)
                : "- you answered: " + OneLine(message.Content.Length > 0 ? message.Content : "(no answer: " + (message.Status ?? "unknown") + ")", AnswerChars)
                    + (message.Steps.Count > 0 ? $" ({message.Steps.Count} code execution{(message.Steps.Count == 1 ? "" : "s")})" : "");
            if (used + line.Length > maxChars)
            {
                omitted = i + 1;
                break;
            }
            used += line.Length;
            lines.Insert(0, line);
        }
        var builder = new StringBuilder("\nEarlier turns of this conversation, summarized to fit the model's context (oldest first):\n<earlier_turns>\n");
        if (omitted > 0)
        {
            builder.Append($"({omitted} older messages omitted)\n");
        }
        foreach (var line in lines)
        {
            builder.Append(DataBlock.Defuse(line, "earlier_turns")).Append('\n');
        }
        return builder.Append("</earlier_turns>\n").ToString();
    }

    private static string OneLine(string text, int max)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length > max ? flat[..max] + " …" : flat;
    }
}
