namespace CodingAgent.Core.Ports;

/// <summary>A session's variables, and whether its kernel runs at all (when not, there are none).</summary>
public sealed record SessionVariables(bool KernelRunning, KernelVariables Variables);
