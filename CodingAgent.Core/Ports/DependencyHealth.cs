namespace CodingAgent.Core.Ports;

/// <summary>A dependency is ready, or <see cref="Problem"/> says what failed (never a secret: no connection string, no key).</summary>
public sealed record DependencyHealth(bool IsReady, string? Problem)
{
    public static DependencyHealth Ready { get; } = new(true, null);

    public static DependencyHealth NotReady(string problem) => new(false, problem);
}
