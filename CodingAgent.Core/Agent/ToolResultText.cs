using System.Text;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;

namespace CodingAgent.Core.Agent;

/// <summary>
/// What the model reads about one execution: the status, output shortened to head and tail within
/// <see cref="AgentOptions.MaxToolOutputChars"/> (the user still sees all of it), the useful end of a traceback, notes
/// about the kernel, the attempts left, and the artifacts shown. Output is wrapped as data.
/// </summary>
internal static class ToolResultText
{
    public static string Describe(ExecutionResult result, IReadOnlyList<Artifact> artifacts, ToolResultNotes notes, int budget)
    {
        var builder = new StringBuilder();
        builder.Append("status: ").Append(result.Succeeded ? "ok" : "error").Append('\n');
        if (notes.KernelLost)
        {
            builder.Append("note: this ran in a new kernel because the previous one stopped; variables from earlier executions are lost.\n");
        }
        if (result.KernelRestarted)
        {
            builder.Append("note: the kernel stopped during this execution (killed or crashed); its variables are lost and the next execution starts a fresh kernel.\n");
        }
        AppendSection(builder, "stdout", result.Stdout, budget / 2);
        AppendSection(builder, "stderr", result.Stderr, budget / 4);
        AppendSection(builder, "result", result.ResultText, budget / 4);
        if (result.Error is { } error)
        {
            builder.Append("error: ").Append(error.Type).Append(": ").Append(Head(error.Message, 1_000)).Append('\n');
            // the end of a traceback says where it failed; its start is the kernel's own frames
            AppendSection(builder, "traceback", Tail(error.Traceback, budget / 4), budget / 4);
            if (notes.ErrorContext is { } context)
            {
                builder.Append(DataBlock.Wrap("context", context)).Append('\n');
            }
            if (notes.RepeatedError)
            {
                builder.Append($"This is the same error as your previous attempt ({notes.RepeatCount} times in a row). Do not repeat that approach: " +
                    "look at the data first (columns, dtypes, a few rows) and try a different way.\n");
            }
            builder.Append(notes.AttemptsLeft > 0
                ? $"Fix the code and run it again ({notes.AttemptsLeft} failed attempts left).\n"
                : "No attempts are left: do not run code again; explain to the user what went wrong and what you found.\n");
        }
        if (result.OutputTruncated)
        {
            builder.Append("note: the output exceeded the sandbox's output limit and was truncated.\n");
        }
        foreach (var artifact in artifacts)
        {
            builder.Append("shown to the user: ").Append(artifact.Kind).Append(" `").Append(artifact.Name).Append("`\n");
        }
        return builder.ToString();
    }

    /// <summary>Head and tail of <paramref name="text"/> within <paramref name="max"/> characters, saying how much was left out.</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var head = max * 2 / 3;
        return string.Concat(text.AsSpan(0, head), $"\n…[{text.Length - max} characters omitted]…\n", text.AsSpan(text.Length - (max - head)));
    }

    private static string Head(string text, int max) => text.Length > max ? text[..max] + " …" : text;

    private static string Tail(string? text, int max) => text is null || text.Length <= max ? text ?? "" : "… " + text[^max..];

    private static void AppendSection(StringBuilder builder, string name, string? text, int max)
    {
        if (!string.IsNullOrEmpty(text))
        {
            builder.Append(DataBlock.Wrap(name, Shorten(text, max))).Append('\n');
        }
    }
}
