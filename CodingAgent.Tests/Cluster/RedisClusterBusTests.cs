using System.Text.Json;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CodingAgent.Tests.Cluster;

/// <summary>The bus contract over Redis pub/sub with the publisher and the subscriber on two connections (two instances), and its wire format.</summary>
public sealed class RedisClusterBusTests(RedisWithTwoInstances redis) : ClusterBusContract, IClassFixture<RedisWithTwoInstances>
{
    private readonly ConnectionMultiplexer _publisher = redis.One;
    private readonly ConnectionMultiplexer _subscriber = redis.Two;

    protected override IClusterBus Publisher => Bus(_publisher);
    protected override IClusterBus Subscriber => Bus(_subscriber);

    private static RedisClusterBus Bus(IConnectionMultiplexer connection) => new(connection, NullLogger<RedisClusterBus>.Instance);

    [Fact]
    public async Task Run_events_go_as_web_json_on_the_runs_channel()
    {
        var run = Guid.NewGuid();
        var raw = await _subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Literal($"codingagent:run:{run:N}"));

        await Publisher.PublishRunEventAsync(Event(run, 3), CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var message = await raw.ReadAsync(timeout.Token);
        var json = JsonDocument.Parse((string)message.Message!).RootElement;
        Assert.Equal(run, json.GetProperty("runId").GetGuid());
        Assert.Equal(3, json.GetProperty("sequence").GetInt64());
        Assert.Equal("stdout", json.GetProperty("name").GetString());
        await raw.UnsubscribeAsync();
    }

    [Fact]
    public async Task A_message_that_is_not_ours_on_a_runs_channel_is_skipped()
    {
        var run = Guid.NewGuid();
        await using var subscription = await Subscriber.SubscribeRunAsync(run, CancellationToken.None);

        await _publisher.GetSubscriber().PublishAsync(RedisChannel.Literal($"codingagent:run:{run:N}"), "not json");
        await Publisher.PublishRunEventAsync(Event(run, 1), CancellationToken.None);

        Assert.Equal(Event(run, 1), await NextAsync(subscription.Reader));
    }

    [Fact]
    public async Task A_subscription_resumes_after_Redis_restarts_while_what_was_published_during_the_outage_is_lost()
    {
        // a server of its own, so that stopping it disturbs no other test of the class
        var own = new RedisWithTwoInstances();
        await own.InitializeAsync();
        try
        {
            var (publisher, subscriber) = (own.One, own.Two);
            var run = Guid.NewGuid();
            await using var subscription = await Bus(subscriber).SubscribeRunAsync(run, CancellationToken.None);

            await own.Server.StopAsync();
            await Assert.ThrowsAnyAsync<RedisException>(() => Bus(publisher).PublishRunEventAsync(Event(run, 1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15)));
            await own.Server.StartAsync();

            // the client subscribes again by itself once it has reconnected; publish until a message gets through
            await Poll.UntilAsync(async () =>
            {
                try
                {
                    await Bus(publisher).PublishRunEventAsync(Event(run, 2), CancellationToken.None);
                }
                catch (RedisException)
                {
                }
                return subscription.Reader.TryPeek(out _);
            }, "the subscription received a message after the restart");
            Assert.Equal(2, (await NextAsync(subscription.Reader)).Sequence);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }
}
