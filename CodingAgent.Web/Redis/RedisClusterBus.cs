using System.Text.Json;
using System.Threading.Channels;
using CodingAgent.Core.Ports;
using StackExchange.Redis;

namespace CodingAgent.Web.Redis;

/// <summary>
/// The bus between instances over Redis pub/sub: a run's events on <c>codingagent:run:{run}</c>, signals on
/// <c>codingagent:signals</c>, as JSON. StackExchange.Redis subscribes again after a reconnect; what was published
/// during an outage is lost (followers catch up from <see cref="IRunEventStore"/>).
/// </summary>
public sealed partial class RedisClusterBus(IConnectionMultiplexer redis, ILogger<RedisClusterBus> logger) : IClusterBus
{
    private static readonly JsonSerializerOptions _json = JsonSerializerOptions.Web;

    public Task PublishRunEventAsync(RunEventMessage message, CancellationToken cancellationToken) =>
        PublishAsync(RedisKeys.RunChannel(message.RunId), message, cancellationToken);

    public Task<IBusSubscription<RunEventMessage>> SubscribeRunAsync(Guid runId, CancellationToken cancellationToken) =>
        SubscribeAsync<RunEventMessage>(RedisKeys.RunChannel(runId), cancellationToken);

    public Task PublishSignalAsync(ClusterSignal signal, CancellationToken cancellationToken) =>
        PublishAsync(RedisKeys.SignalsChannel, signal, cancellationToken);

    public Task<IBusSubscription<ClusterSignal>> SubscribeSignalsAsync(CancellationToken cancellationToken) =>
        SubscribeAsync<ClusterSignal>(RedisKeys.SignalsChannel, cancellationToken);

    private async Task PublishAsync<T>(string channel, T message, CancellationToken cancellationToken) =>
        await redis.GetSubscriber()
            .PublishAsync(RedisChannel.Literal(channel), JsonSerializer.SerializeToUtf8Bytes(message, _json))
            .WaitAsync(cancellationToken);

    private async Task<IBusSubscription<T>> SubscribeAsync<T>(string channel, CancellationToken cancellationToken)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel)).WaitAsync(cancellationToken);
        var messages = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // a synchronous handler gets the queue's messages one at a time, in the order Redis delivered them
        queue.OnMessage(message =>
        {
            try
            {
                if (JsonSerializer.Deserialize<T>((byte[])message.Message!, _json) is { } value)
                {
                    messages.Writer.TryWrite(value);
                }
            }
            catch (JsonException)
            {
                LogUnreadable(channel);
            }
        });
        return new RedisBusSubscription<T>(queue, messages, logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message on Redis channel {Channel} is not what the app publishes; ignored.")]
    private partial void LogUnreadable(string channel);
}
