using CodingAgent.Core.Domain;
using CodingAgent.Web.Evaluation;

namespace CodingAgent.Tests.Evaluation;

public sealed class SelfCorrectionsTests
{
    private static List<ExecutionStep> Steps(params bool[] succeeded) =>
        [.. succeeded.Select((ok, i) => new ExecutionStep { Index = i, Succeeded = ok })];

    [Fact]
    public void Failed_executions_followed_by_another_execution_are_self_corrections()
    {
        Assert.Equal(1, SelfCorrections.Count(Steps(false, true)));
        Assert.Equal(2, SelfCorrections.Count(Steps(false, false, true)));
        Assert.Equal(1, SelfCorrections.Count(Steps(true, false, true, true)));
    }

    [Fact]
    public void A_failure_the_run_ended_on_is_not_a_correction()
    {
        Assert.Equal(0, SelfCorrections.Count(Steps()));
        Assert.Equal(0, SelfCorrections.Count(Steps(false)));
        Assert.Equal(1, SelfCorrections.Count(Steps(false, false)));
        Assert.Equal(0, SelfCorrections.Count(Steps(true, true)));
    }

    [Fact]
    public void Steps_are_counted_in_their_run_order()
    {
        var steps = Steps(true, false);
        steps.Reverse();

        Assert.Equal(0, SelfCorrections.Count(steps));
    }
}
