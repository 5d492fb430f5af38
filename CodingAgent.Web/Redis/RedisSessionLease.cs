using CodingAgent.Core.Ports;
using StackExchange.Redis;

namespace CodingAgent.Web.Redis;

/// <summary>
/// A held Redis session lock. Every third of its time to live a Lua script renews it: still ours → PEXPIRE; gone (a
/// restarted Redis keeps no data) → SET again, so a lease survives a Redis outage shorter than its time to live;
/// someone else's → lost. <see cref="Lost"/> is cancelled when the key was someone else's or when no renewal succeeded
/// for a whole time to live (the key may have expired and been taken): the holder must stop, and a lost lease is never
/// renewed again. Disposing stops the renewal and deletes the key only while it is still ours.
/// </summary>
internal sealed partial class RedisSessionLease : ISessionLease
{
    // 1: renewed; 2: the key was gone and is ours again; 0: someone else holds it
    private const string RenewScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        elseif not holder then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 2
        end
        return 0
        """;

    /// <summary>Deletes the key only while it holds ARGV[1].</summary>
    internal const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeSpan _timeToLive;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisKey _key;
    private readonly RedisValue _value;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private int _disposed;

    public RedisSessionLease(IConnectionMultiplexer redis, Guid sessionId, Guid runId, TimeSpan timeToLive, TimeProvider time, ILogger logger)
    {
        _redis = redis;
        _timeToLive = timeToLive;
        _time = time;
        _logger = logger;
        SessionId = sessionId;
        RunId = runId;
        _key = RedisKeys.SessionLock(sessionId);
        _value = runId.ToString("N");
        // the SET that took the lock was sent before now, so its expiry is no later than a time to live from now
        _renewal = Task.Run(() => RenewAsync(_time.GetTimestamp(), _stop.Token));
    }

    public Guid SessionId { get; }
    public Guid RunId { get; }
    public CancellationToken Lost => _lost.Token;

    private async Task RenewAsync(long lastRenewed, CancellationToken stop)
    {
        var interval = _timeToLive / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _time, stop);
                if (_time.GetElapsedTime(lastRenewed) >= _timeToLive)
                {
                    // the key may have expired and been taken (or taken and released) by another run meanwhile
                    LogExpired(SessionId, RunId);
                    await _lost.CancelAsync();
                    return;
                }
                var sent = _time.GetTimestamp();
                try
                {
                    // each attempt is bounded by the interval, so a stalled connection is noticed in time
                    var result = (int)await _redis.GetDatabase()
                        .ScriptEvaluateAsync(RenewScript, [_key], [_value, (long)_timeToLive.TotalMilliseconds])
                        .WaitAsync(interval, _time, stop);
                    if (result == 0)
                    {
                        LogTakenOver(SessionId, RunId);
                        await _lost.CancelAsync();
                        return;
                    }
                    if (result == 2)
                    {
                        LogRetaken(SessionId, RunId);
                    }
                    lastRenewed = sent;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
                {
                    LogRenewalFailed(SessionId, RunId, ex.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // disposed
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
        if (_lost.IsCancellationRequested)
        {
            return;
        }
        try
        {
            await _redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [_key], [_value]);
            LogReleased(SessionId, RunId);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // the key expires by itself within its time to live
            LogReleaseFailed(SessionId, RunId, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} unlocked in Redis by run {RunId}.")]
    private partial void LogReleased(Guid sessionId, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: run {RunId} could not release its Redis lock ({Error}); it expires by itself.")]
    private partial void LogReleaseFailed(Guid sessionId, Guid runId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: renewing the Redis lock of run {RunId} failed ({Error}); trying again.")]
    private partial void LogRenewalFailed(Guid sessionId, Guid runId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the Redis lock of run {RunId} was not renewed for a whole time to live; the lock is lost.")]
    private partial void LogExpired(Guid sessionId, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the Redis lock of run {RunId} is held by another run; the lock is lost.")]
    private partial void LogTakenOver(Guid sessionId, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: the Redis lock of run {RunId} had vanished (Redis restarted?) and was taken again.")]
    private partial void LogRetaken(Guid sessionId, Guid runId);
}
