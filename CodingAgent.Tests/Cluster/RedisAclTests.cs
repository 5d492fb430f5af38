using System.Xml.Linq;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Redis;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CodingAgent.Tests.Cluster;

/// <summary>The Redis ACL user that docs/security.md recommends is enough for locks, the bus and the key ring.</summary>
public sealed class RedisAclTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_user_limited_to_the_apps_keys_and_channels_can_lock_publish_and_keep_the_key_ring()
    {
        await using (var admin = await redis.ConnectAsync())
        {
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "codingagent", "on", ">acl-test-password", "resetkeys", "resetchannels",
                "~codingagent:*", "&codingagent:*", "-@all", "+@connection", "+get", "+set", "+pexpire", "+del", "+eval", "+evalsha",
                "+publish", "+subscribe", "+unsubscribe", "+lrange", "+rpush", "+info", "+ping");
        }
        await using var app = await ConnectionMultiplexer.ConnectAsync(RedisExtensions.CreateOptions($"{redis.Configuration},user=codingagent,password=acl-test-password"));
        Assert.True(app.IsConnected);
        var locks = new RedisSessionLocks(app, TimeProvider.System, NullLogger<RedisSessionLocks>.Instance);
        var bus = new RedisClusterBus(app, NullLogger<RedisClusterBus>.Instance);
        var (session, run) = (Guid.NewGuid(), Guid.NewGuid());

        // a lease of 5 s kept for 12 s: renewed (PEXPIRE through EVAL) more than once, with room for a busy machine
        await using (var lease = await locks.TryAcquireAsync(session, run, TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            Assert.NotNull(lease);
            await Task.Delay(TimeSpan.FromSeconds(12));
            Assert.False(lease.Lost.IsCancellationRequested);
            Assert.Equal(run, await locks.GetHolderAsync(session, CancellationToken.None));
        }
        Assert.Null(await locks.GetHolderAsync(session, CancellationToken.None));

        await using (var subscription = await bus.SubscribeRunAsync(run, CancellationToken.None))
        {
            var message = new RunEventMessage(run, session, 1, "stdout", "{}");
            await bus.PublishRunEventAsync(message, CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.Equal(message, await subscription.Reader.ReadAsync(timeout.Token));
        }

        var keys = new RedisXmlRepository(() => app.GetDatabase(), "codingagent:data-protection-keys");
        keys.StoreElement(new XElement("key", "k1"), "k1");
        Assert.Contains(keys.GetAllElements(), e => e.Value == "k1");
    }
}
