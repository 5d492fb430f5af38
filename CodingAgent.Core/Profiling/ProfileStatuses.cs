namespace CodingAgent.Core.Profiling;

public static class ProfileStatuses
{
    public const string Pending = "pending";
    public const string Ready = "ready";
    public const string Failed = "failed";
}
