using System.Globalization;

namespace CodingAgent.Core.Agent;

/// <summary>
/// The tokens a run may still spend: what is left of the session's budget and of the day's (null: no such budget),
/// as it was when the run started.
/// </summary>
public sealed record RunBudget(long? SessionLeft, long SessionBudget, long? DailyLeft, long DailyBudget)
{
    public static RunBudget Unlimited { get; } = new(null, 0, null, 0);

    /// <summary>Why no more tokens may be spent after <paramref name="spent"/> in this run, or null.</summary>
    public string? Exceeded(long spent)
    {
        if (SessionLeft is { } session && spent >= session)
        {
            return $"This session has used its token budget of {Format(SessionBudget)} tokens (Agent:SessionTokenBudget). Start a new session, or ask the administrator to raise the budget.";
        }
        if (DailyLeft is { } daily && spent >= daily)
        {
            return $"Today's token budget of {Format(DailyBudget)} tokens (Agent:UserDailyTokenBudget) is used up; it renews at midnight UTC.";
        }
        return null;
    }

    private static string Format(long tokens) => tokens.ToString("N0", CultureInfo.InvariantCulture);
}
