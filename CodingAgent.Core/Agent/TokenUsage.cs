using Microsoft.Extensions.AI;

namespace CodingAgent.Core.Agent;

/// <summary>Tokens the provider reported for a run's model calls: the total, and the part not yet assigned to a step.</summary>
internal sealed class TokenUsage
{
    public long Input { get; private set; }
    public long Output { get; private set; }
    public long UnassignedInput { get; private set; }
    public long UnassignedOutput { get; private set; }

    public void Add(UsageDetails details)
    {
        var input = details.InputTokenCount ?? 0;
        var output = details.OutputTokenCount ?? 0;
        Input += input;
        Output += output;
        UnassignedInput += input;
        UnassignedOutput += output;
    }

    /// <summary>The tokens of the model calls since the last step: those that led to the step starting now.</summary>
    public (long Input, long Output) TakeUnassigned()
    {
        var taken = (UnassignedInput, UnassignedOutput);
        UnassignedInput = 0;
        UnassignedOutput = 0;
        return taken;
    }
}
