using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Components.Chat;

/// <summary>The short status line of an assistant turn: what it does or how it ended, how long it took, the tokens it used.</summary>
public static class TurnStatusText
{
    public const string VariablesKept = "Stopped — variables kept";
    public const string VariablesGone = "Stopped — the kernel was restarted, variables are gone";

    public static string Phase(ChatTurn turn) => turn.Status switch
    {
        RunStatuses.Running when turn.Parts.Count > 0 && turn.Parts[^1] is StepPart { Step.Finished: false } => "Running code",
        RunStatuses.Running => "Thinking",
        RunStatuses.Completed => "Done",
        RunStatuses.Cancelled => turn.Parts.Any(p => p is NoticePart) ? VariablesGone : VariablesKept,
        RunStatuses.Failed => "Failed",
        RunStatuses.Interrupted => "Interrupted",
        _ => turn.Status ?? "",
    };

    /// <summary>The parts after the phase: elapsed time (when known) and tokens in/out (once the run reported them).</summary>
    public static IEnumerable<string> Details(ChatTurn turn, DateTimeOffset now)
    {
        if (turn.StartedAt is { } started)
        {
            yield return Duration((turn.EndedAt ?? now) - started);
        }
        if (turn.Usage is { } usage && (usage.InputTokens > 0 || usage.OutputTokens > 0))
        {
            yield return Tokens(usage);
        }
    }

    public static string Duration(TimeSpan elapsed) => elapsed.TotalSeconds switch
    {
        < 0 => "0 s",
        < 10 => $"{elapsed.TotalSeconds:0.0} s",
        < 60 => $"{elapsed.TotalSeconds:0} s",
        _ => $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds} s",
    };

    /// <summary>"1830 tokens in, 212 out".</summary>
    public static string Tokens(Core.Runs.UsageInfo usage) => $"{Count(usage.InputTokens)} tokens in, {Count(usage.OutputTokens)} out"
        + (usage.Cost is { } cost ? " · cost ≈ " + cost.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "");

    private static string Count(long tokens) => tokens >= 10_000 ? $"{tokens / 1000.0:0.#}k" : tokens.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
