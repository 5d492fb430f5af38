using System.Threading.Channels;
using CodingAgent.Core.Ports;
using StackExchange.Redis;

namespace CodingAgent.Web.Redis;

/// <summary>One subscription's messages; disposing unsubscribes this queue only (other subscribers of the channel keep theirs).</summary>
internal sealed partial class RedisBusSubscription<T>(ChannelMessageQueue queue, Channel<T> messages, ILogger logger) : IBusSubscription<T>
{
    private int _disposed;

    public ChannelReader<T> Reader => messages.Reader;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            await queue.UnsubscribeAsync();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Redis is away: the subscription is gone locally all the same and is not restored on reconnect
            LogUnsubscribeFailed(queue.Channel.ToString(), ex.GetType().Name);
        }
        messages.Writer.TryComplete();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribing from Redis channel {Channel} failed ({Error}).")]
    private partial void LogUnsubscribeFailed(string channel, string error);
}
