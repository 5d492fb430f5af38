using CodingAgent.Web.Health;
using StackExchange.Redis;

namespace CodingAgent.Web.Redis;

/// <summary>Redis unreachable (no connection, or no answer within the client's timeouts) anywhere in the exception chain: a 503.</summary>
internal sealed class RedisFailureClassifier : IDependencyFailureClassifier
{
    public string? Classify(Exception exception) => IsOutage(exception) ? "Redis" : null;

    private static bool IsOutage(Exception? exception) => exception switch
    {
        null => false,
        RedisConnectionException or RedisTimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsOutage),
        _ => IsOutage(exception.InnerException),
    };
}
