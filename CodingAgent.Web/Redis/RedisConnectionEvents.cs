using StackExchange.Redis;

namespace CodingAgent.Web.Redis;

/// <summary>Logs the connection going and coming back: endpoint and failure kind only, never the configuration string.</summary>
internal sealed partial class RedisConnectionEvents
{
    public static void Log(IConnectionMultiplexer redis, ILogger<RedisConnectionEvents> logger)
    {
        redis.ConnectionFailed += (_, e) => LogFailed(logger, e.EndPoint?.ToString() ?? "?", e.ConnectionType, e.FailureType);
        redis.ConnectionRestored += (_, e) => LogRestored(logger, e.EndPoint?.ToString() ?? "?", e.ConnectionType);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} ({ConnectionType}) failed: {FailureType}; reconnecting.")]
    private static partial void LogFailed(ILogger logger, string endPoint, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection to {EndPoint} ({ConnectionType}) restored.")]
    private static partial void LogRestored(ILogger logger, string endPoint, ConnectionType connectionType);
}
