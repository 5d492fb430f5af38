namespace CodingAgent.Core.Ports;

/// <summary>A kernel's variables at one moment.</summary>
/// <param name="IsStale">True when the kernel was busy and these are the variables it reported last (or none).</param>
/// <param name="Truncated">True when the kernel has more variables than it lists.</param>
public sealed record KernelVariables(IReadOnlyList<KernelVariable> Items, bool IsStale, bool Truncated)
{
    public static KernelVariables None { get; } = new([], IsStale: false, Truncated: false);
}
