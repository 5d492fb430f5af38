namespace CodingAgent.Core.Domain;

public static class RunStatuses
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>The instance running it died (or lost its session lock); every step and output already streamed is kept.</summary>
    public const string Interrupted = "interrupted";

    public static bool IsFinished(string? status) => status is Completed or Failed or Cancelled or Interrupted;
}
