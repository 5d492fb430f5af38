using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Agent;

/// <summary>
/// The optional token budgets (<see cref="AgentOptions.SessionTokenBudget"/>, <see cref="AgentOptions.UserDailyTokenBudget"/>)
/// from the tokens the providers reported for stored answers. The day is the UTC day.
/// </summary>
public sealed class TokenBudgets(ISessionRepository repository, IOptions<AgentOptions> options, TimeProvider time)
{
    /// <summary>
    /// What a new run of the session may spend, for <paramref name="user"/> (the daily budget counts the answers in their
    /// own sessions); <see cref="TokenBudgetExceededException"/> when a budget is used up.
    /// </summary>
    public async Task<RunBudget> ForRunAsync(Guid sessionId, CurrentUser user, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.SessionTokenBudget <= 0 && settings.UserDailyTokenBudget <= 0)
        {
            return RunBudget.Unlimited;
        }
        long? sessionLeft = null;
        long? dailyLeft = null;
        if (settings.SessionTokenBudget > 0)
        {
            sessionLeft = settings.SessionTokenBudget - (await repository.SumTokensAsync(sessionId, null, null, cancellationToken)).Total;
        }
        if (settings.UserDailyTokenBudget > 0)
        {
            var now = time.GetUtcNow();
            var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            dailyLeft = settings.UserDailyTokenBudget - (await repository.SumTokensAsync(null, user.Id, midnight, cancellationToken)).Total;
        }
        var budget = new RunBudget(sessionLeft, settings.SessionTokenBudget, dailyLeft, settings.UserDailyTokenBudget);
        return budget.Exceeded(0) is { } refusal ? throw new TokenBudgetExceededException(refusal) : budget;
    }
}
