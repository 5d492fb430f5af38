using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Evaluation;

/// <summary>
/// How often the agent corrected itself in a run: the failed executions that were followed by another execution in
/// the same run. A failure the agent gave up on (the last execution) is not a correction.
/// </summary>
public static class SelfCorrections
{
    public static int Count(IReadOnlyList<ExecutionStep> steps)
    {
        var ordered = steps.OrderBy(s => s.Index).ToList();
        return ordered.Take(ordered.Count - 1).Count(s => !s.Succeeded);
    }
}
