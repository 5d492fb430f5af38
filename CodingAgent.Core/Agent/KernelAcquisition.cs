using CodingAgent.Core.Ports;

namespace CodingAgent.Core.Agent;

/// <summary>A session's kernel, and whether it replaced the one the session used before (its variables are gone).</summary>
public sealed record KernelAcquisition(IKernel Kernel, bool Replaced);
