namespace CodingAgent.Sandbox;

public sealed class SandboxCapacityException(int kernels) : Exception(
    $"All {kernels} Python kernels this server allows are busy running code. Try again in a moment.");
