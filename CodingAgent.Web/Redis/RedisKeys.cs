namespace CodingAgent.Web.Redis;

/// <summary>Every key and channel the app uses in Redis, in one place (docs/architecture.md lists them).</summary>
internal static class RedisKeys
{
    /// <summary>A session's lock: the holding run's id, with a time to live the holder renews.</summary>
    public static string SessionLock(Guid sessionId) => $"codingagent:session-lock:{sessionId:N}";

    /// <summary>The pub/sub channel of one run's events.</summary>
    public static string RunChannel(Guid runId) => $"codingagent:run:{runId:N}";

    /// <summary>The pub/sub channel of the signals to every instance.</summary>
    public const string SignalsChannel = "codingagent:signals";

    /// <summary>The list holding the data-protection key ring (XML elements), shared by every instance.</summary>
    public const string DataProtectionKeys = "codingagent:data-protection-keys";

    /// <summary>The data-protection application name: the same on every instance, whatever its content root.</summary>
    public const string ApplicationName = "CodingAgent";
}
