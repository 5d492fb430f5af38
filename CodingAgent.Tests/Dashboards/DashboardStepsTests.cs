using CodingAgent.Core.Dashboards;
using CodingAgent.Core.Domain;

namespace CodingAgent.Tests.Dashboards;

/// <summary>Which steps a refresh re-runs: the successful steps up to the producing one, in conversation order.</summary>
public sealed class DashboardStepsTests
{
    private static ExecutionStep Step(int index, bool succeeded) => new() { Id = Guid.NewGuid(), Index = index, Succeeded = succeeded, Code = $"step {index}" };

    private static ConversationMessage Answer(params ExecutionStep[] steps) => new() { Role = MessageRoles.Assistant, Steps = [.. steps] };

    [Fact]
    public void Successful_steps_of_earlier_answers_and_of_the_same_answer_run_first_and_failed_ones_are_skipped()
    {
        var load = Step(1, true);
        var failed = Step(2, false);
        var clean = Step(1, true);
        var chart = Step(2, true);
        var later = Step(3, true);
        var messages = new[]
        {
            new ConversationMessage { Role = MessageRoles.User, Content = "load" },
            Answer(load, failed),
            new ConversationMessage { Role = MessageRoles.User, Content = "chart" },
            // stored out of order: the index decides
            Answer(later, chart, clean),
            Answer(Step(1, true)),
        };

        var selected = DashboardSteps.Select(messages, chart.Id);

        Assert.Equal([load.Id, clean.Id, chart.Id], selected!.Select(s => s.Id));
    }

    [Fact]
    public void The_producing_step_is_run_even_when_it_failed_after_producing_the_artifact()
    {
        var before = Step(1, true);
        var producing = Step(2, false);

        var selected = DashboardSteps.Select([Answer(before, producing)], producing.Id);

        Assert.Equal([before.Id, producing.Id], selected!.Select(s => s.Id));
    }

    [Fact]
    public void An_unknown_step_selects_nothing()
    {
        Assert.Null(DashboardSteps.Select([Answer(Step(1, true))], Guid.NewGuid()));
    }

    [Theory]
    [InlineData("monthly-revenue.json", "Monthly revenue")]
    [InlineData("table-1.json", "Table 1")]
    [InlineData(".json", "Pinned artifact")]
    public void A_pin_without_a_title_is_titled_after_the_artifact(string name, string title)
    {
        Assert.Equal(title, DashboardService.DefaultTitle(name));
    }
}
