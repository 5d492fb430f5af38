using CodingAgent.Core.Embedded;
using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CodingAgent.Tests.Cluster;

/// <summary><c>Redis:Configuration</c> chooses the implementations at start-up; a string the client cannot read stops the start without being quoted.</summary>
[Collection("app")]
public sealed class RedisSettingsTests
{
    [Fact]
    public async Task Without_Redis_the_locks_and_bus_are_in_process_and_the_keys_in_the_private_data_folder()
    {
        var data = RedisOutageTests.NewDataDirectory();
        try
        {
            await using var app = new CodingAgentFactory(data, "http://127.0.0.1:9/v1", new Dictionary<string, string?> { ["Sandbox:WarmKernels"] = "0" });
            app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");

            Assert.IsType<InProcessSessionLocks>(app.Services.GetRequiredService<ISessionLocks>());
            Assert.IsType<InProcessClusterBus>(app.Services.GetRequiredService<IClusterBus>());
            Assert.DoesNotContain(app.Services.GetServices<IDependencyCheck>(), c => c.Name == "redis");
            var keys = Path.Combine(data, "keys");
            Assert.NotEmpty(Directory.GetFiles(keys, "*.xml"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        }
        finally
        {
            await AppData.DeleteAsync(data);
        }
    }

    [Fact]
    public async Task With_Redis_the_locks_and_bus_are_Redis_and_readiness_checks_it()
    {
        var data = RedisOutageTests.NewDataDirectory();
        try
        {
            // nothing listens on port 9: the app starts all the same
            await using var app = new CodingAgentFactory(data, "http://127.0.0.1:9/v1", RedisOutageTests.Settings("127.0.0.1:9"));

            Assert.IsType<RedisSessionLocks>(app.Services.GetRequiredService<ISessionLocks>());
            Assert.IsType<RedisClusterBus>(app.Services.GetRequiredService<IClusterBus>());
            Assert.Contains(app.Services.GetServices<IDependencyCheck>(), c => c.Name == "redis");
        }
        finally
        {
            await AppData.DeleteAsync(data);
        }
    }

    [Fact]
    public async Task A_configuration_string_the_client_cannot_read_stops_the_start_and_is_not_quoted()
    {
        var data = RedisOutageTests.NewDataDirectory();
        const string invalid = "127.0.0.1:6379,password=hunter2-secret,notAnOption=1";
        try
        {
            await using var app = new CodingAgentFactory(data, "http://127.0.0.1:9/v1", RedisOutageTests.Settings(invalid));

            var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Services);

            Assert.Contains("Redis:Configuration", error.Message);
            Assert.DoesNotContain("hunter2-secret", error.ToString());
        }
        finally
        {
            if (Directory.Exists(data))
            {
                await AppData.DeleteAsync(data);
            }
        }
    }
}
