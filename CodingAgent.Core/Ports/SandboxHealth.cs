namespace CodingAgent.Core.Ports;

/// <summary>The sandbox can start kernels, or <see cref="Problem"/> says what failed and what to change.</summary>
public sealed record SandboxHealth(bool IsReady, string? Problem)
{
    public static SandboxHealth Ready { get; } = new(true, null);

    public static SandboxHealth NotReady(string problem) => new(false, problem);
}
