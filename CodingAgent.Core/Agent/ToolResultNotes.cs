namespace CodingAgent.Core.Agent;

/// <summary>What the model is told about an execution besides its output (see <see cref="ToolResultText"/>).</summary>
internal sealed record ToolResultNotes(bool KernelLost, int RepeatCount, int AttemptsLeft, string? ErrorContext)
{
    /// <summary>The same error as the execution before (twice or more in a row).</summary>
    public bool RepeatedError => RepeatCount >= 2;
}
