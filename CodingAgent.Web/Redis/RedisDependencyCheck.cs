using CodingAgent.Core.Ports;
using StackExchange.Redis;

namespace CodingAgent.Web.Redis;

/// <summary>Redis as a readiness dependency: it answers PING within a few seconds. The problem names no endpoint nor password.</summary>
internal sealed class RedisDependencyCheck(IConnectionMultiplexer redis, TimeProvider time) : IDependencyCheck
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(5);

    public string Name => "redis";

    public async Task<DependencyHealth> CheckAsync(CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            return DependencyHealth.NotReady("Redis is not connected (Redis:Configuration); the app reconnects when it is back.");
        }
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(_timeout, time, cancellationToken);
            return DependencyHealth.Ready;
        }
        catch (RedisConnectionException ex)
        {
            return DependencyHealth.NotReady($"Redis is unreachable ({ex.FailureType}).");
        }
        catch (RedisServerException ex)
        {
            // e.g. NOAUTH or WRONGPASS: the server's own words, which hold no secret
            return DependencyHealth.NotReady("Redis refused PING: " + ex.Message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return DependencyHealth.NotReady($"Redis did not answer PING within {_timeout.TotalSeconds:0} s.");
        }
    }
}
