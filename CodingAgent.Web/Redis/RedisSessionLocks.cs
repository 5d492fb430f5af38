using CodingAgent.Core.Ports;
using StackExchange.Redis;

namespace CodingAgent.Web.Redis;

/// <summary>
/// Session locks shared by every instance: <c>codingagent:session-lock:{session}</c> holds the running run's id with a
/// time to live (SET NX PX). The lease renews it every third of that time, so an instance that dies frees its sessions
/// within one time to live. Redis errors reach the caller (a 503 through <see cref="RedisFailureClassifier"/>).
/// </summary>
public sealed partial class RedisSessionLocks(IConnectionMultiplexer redis, TimeProvider time, ILogger<RedisSessionLocks> logger) : ISessionLocks
{
    public bool IsShared => true;

    public async Task<ISessionLease?> TryAcquireAsync(Guid sessionId, Guid runId, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeToLive, TimeSpan.FromMilliseconds(300));
        var database = redis.GetDatabase();
        var key = RedisKeys.SessionLock(sessionId);
        RedisValue value = runId.ToString("N");
        bool taken;
        try
        {
            taken = await database.StringSetAsync(key, value, timeToLive, When.NotExists).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisTimeoutException or OperationCanceledException)
        {
            // the SET may have reached Redis without its answer reaching us: don't leave the session locked for a whole ttl
            _ = database.ScriptEvaluateAsync(RedisSessionLease.ReleaseScript, [key], [value], CommandFlags.FireAndForget);
            throw;
        }
        if (!taken)
        {
            return null;
        }
        LogAcquired(sessionId, runId);
        return new RedisSessionLease(redis, sessionId, runId, timeToLive, time, logger);
    }

    public async Task<Guid?> GetHolderAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().StringGetAsync(RedisKeys.SessionLock(sessionId)).WaitAsync(cancellationToken);
        return value.HasValue && Guid.TryParseExact(value.ToString(), "N", out var runId) ? runId : null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} locked in Redis for run {RunId}.")]
    private partial void LogAcquired(Guid sessionId, Guid runId);
}
