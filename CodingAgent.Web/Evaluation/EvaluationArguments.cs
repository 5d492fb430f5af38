namespace CodingAgent.Web.Evaluation;

/// <summary>
/// <c>eval &lt;questions.jsonl&gt; [--out results.json] [--keep-sessions] [--Key=Value …]</c>: options in the
/// <c>--Key=Value</c> form other than these are the app's configuration (e.g. <c>--Llm:Model=gpt-4o</c>) and go to
/// its host unchanged.
/// </summary>
public sealed record EvaluationArguments(string QuestionsPath, string? OutPath, bool KeepSessions, IReadOnlyList<string> HostArguments)
{
    public const string Verb = "eval";

    public const string Usage =
        "Usage: CodingAgent.Web eval <questions.jsonl> [--out results.json] [--keep-sessions] [--Setting:Name=value ...]";

    /// <summary>Whether the command line asks for the evaluation rather than the web app.</summary>
    public static bool IsEvaluation(string[] args) => args.Length > 0 && args[0] == Verb;

    /// <summary>The arguments after <see cref="Verb"/>, or why they are wrong.</summary>
    public static (EvaluationArguments? Arguments, string? Problem) Parse(string[] args)
    {
        string? questions = null;
        string? output = null;
        var keep = false;
        var host = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--out")
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return (null, "--out needs a file name.");
                }
                output = args[++i];
            }
            else if (arg.StartsWith("--out=", StringComparison.Ordinal) && arg.Length > "--out=".Length)
            {
                output = arg["--out=".Length..];
            }
            else if (arg == "--keep-sessions")
            {
                keep = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) > 2)
            {
                host.Add(arg);
            }
            else if (arg.StartsWith('-'))
            {
                return (null, $"Unknown option {arg} (settings are given as --Name=value).");
            }
            else if (questions is null)
            {
                questions = arg;
            }
            else
            {
                return (null, $"Only one question file is taken; \"{arg}\" is one too many.");
            }
        }
        return questions is null
            ? (null, "The question file is missing.")
            : (new EvaluationArguments(questions, output, keep, host), null);
    }
}
