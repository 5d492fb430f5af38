namespace CodingAgent.Core.Ports;

public static class ClusterSignalKinds
{
    /// <summary>Cancel the run <see cref="ClusterSignal.RunId"/> wherever it runs.</summary>
    public const string CancelRun = "cancel-run";

    /// <summary>The session was deleted: stop its kernel and drop its local workspace cache.</summary>
    public const string SessionDeleted = "session-deleted";

    /// <summary>
    /// The account <see cref="ClusterSignal.UserId"/> was locked or deleted: its open pages check it at once (not at
    /// their next periodic check).
    /// </summary>
    public const string AccountChanged = "account-changed";
}
