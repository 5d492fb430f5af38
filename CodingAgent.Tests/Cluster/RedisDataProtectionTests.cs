using CodingAgent.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CodingAgent.Tests.Cluster;

/// <summary>
/// Instances on one Redis share the data-protection key ring (what signs circuits and antiforgery tokens), whatever
/// their data folder and content root, and it survives an instance's restart.
/// </summary>
[Collection("app")]
public sealed class RedisDataProtectionTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Purpose = "CodingAgent.Tests.shared-key-ring";

    [Fact]
    public async Task What_one_instance_protects_another_reads_and_so_does_the_first_after_a_restart()
    {
        var (dataA, dataB) = (RedisOutageTests.NewDataDirectory(), RedisOutageTests.NewDataDirectory());
        var contentRootB = Directory.CreateTempSubdirectory("codingagent-content-root-").FullName;
        var settingsB = RedisOutageTests.Settings(redis.Configuration);
        // an instance deployed in another folder: the application name, not the path, ties the instances together
        settingsB["contentRoot"] = contentRootB;
        try
        {
            var a = new CodingAgentFactory(dataA, "http://127.0.0.1:9/v1", RedisOutageTests.Settings(redis.Configuration));
            await using var b = new CodingAgentFactory(dataB, "http://127.0.0.1:9/v1", settingsB);
            Assert.NotEqual(ContentRoot(a), ContentRoot(b));

            var fromA = Protector(a).Protect("circuit state");
            var fromB = Protector(b).Protect("antiforgery token");

            Assert.Equal("circuit state", Protector(b).Unprotect(fromA));
            Assert.Equal("antiforgery token", Protector(a).Unprotect(fromB));

            await a.DisposeAsync();
            await AppData.WaitUntilReleasedAsync(dataA);
            await using var restarted = new CodingAgentFactory(dataA, "http://127.0.0.1:9/v1", RedisOutageTests.Settings(redis.Configuration));

            Assert.Equal("circuit state", Protector(restarted).Unprotect(fromA));
            Assert.Equal("antiforgery token", Protector(restarted).Unprotect(fromB));
            // the key ring is in Redis, not in either data folder
            await using var connection = await redis.ConnectAsync();
            Assert.True(await connection.GetDatabase().ListLengthAsync("codingagent:data-protection-keys") >= 1);
            Assert.False(Directory.Exists(Path.Combine(dataA, "keys")));
            Assert.False(Directory.Exists(Path.Combine(dataB, "keys")));
        }
        finally
        {
            await AppData.DeleteAsync(dataA);
            await AppData.DeleteAsync(dataB);
            Directory.Delete(contentRootB, recursive: true);
        }
    }

    private static IDataProtector Protector(CodingAgentFactory app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private static string ContentRoot(CodingAgentFactory app) => app.Services.GetRequiredService<IHostEnvironment>().ContentRootPath;
}
