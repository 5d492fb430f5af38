using CodingAgent.Core.Domain;

namespace CodingAgent.Core.Dashboards;

/// <summary>
/// What a refresh re-runs for an artifact: "the steps it depended on", defined simply and without guessing at data
/// flow: every step of the session that succeeded, in conversation order, up to the step that produced the artifact,
/// and that step itself. Steps that failed are skipped (the agent retried them; their partial effects are not
/// reproduced); later steps are not run.
/// </summary>
public static class DashboardSteps
{
    /// <summary>The steps to run in order, the producing step last; null when the session has no such step.</summary>
    public static IReadOnlyList<ExecutionStep>? Select(IEnumerable<ConversationMessage> messages, Guid producingStepId)
    {
        var selected = new List<ExecutionStep>();
        foreach (var message in messages.Where(m => m.Role == MessageRoles.Assistant))
        {
            foreach (var step in message.Steps.OrderBy(s => s.Index))
            {
                if (step.Id == producingStepId)
                {
                    selected.Add(step);
                    return selected;
                }
                if (step.Succeeded)
                {
                    selected.Add(step);
                }
            }
        }
        return null;
    }
}
