using CodingAgent.Core.Embedded;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Extensions;
using CodingAgent.Web.Health;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace CodingAgent.Web.Redis;

public static class RedisExtensions
{
    /// <summary>Bound on connecting and on each command, so that a request needing an unreachable Redis fails (503) well within 15 s.</summary>
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Session locks, the cluster bus and the data-protection key ring. <c>Redis:Configuration</c> empty: in-process
    /// locks and bus and keys in the data folder (one instance). Set: all three in Redis, shared by every instance.
    /// </summary>
    public static IHostApplicationBuilder AddCodingAgentRedis(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.SectionName)
            // the message never quotes the string: it may hold a password
            .Validate(o => !o.IsConfigured || TryParse(o.Configuration!), "Redis:Configuration is not a valid StackExchange.Redis configuration string.")
            .ValidateOnStart();

        var configuration = builder.Configuration[$"{RedisOptions.SectionName}:{nameof(RedisOptions.Configuration)}"];
        if (string.IsNullOrWhiteSpace(configuration) || !TryParse(configuration))
        {
            // (an invalid string fails at start through the validation above)
            services.AddSingleton<ISessionLocks, InProcessSessionLocks>();
            services.AddSingleton<IClusterBus, InProcessClusterBus>();
            // data-protection keys (antiforgery, Blazor) live with the data, not in the home folder that a service user may not have
            services.AddOptions<KeyManagementOptions>().Configure<DataPaths, ILoggerFactory>((options, paths, loggers) =>
                options.XmlRepository = new FileSystemXmlRepository(PrivateKeysDirectory(paths.Keys), loggers));
            return builder;
        }

        services.AddSingleton<IConnectionMultiplexer>(sp => Connect(configuration, sp.GetRequiredService<ILogger<RedisConnectionEvents>>()));
        services.AddSingleton<ISessionLocks, RedisSessionLocks>();
        services.AddSingleton<IClusterBus, RedisClusterBus>();
        services.AddSingleton<IDependencyFailureClassifier, RedisFailureClassifier>();
        services.AddSingleton<IDependencyCheck, RedisDependencyCheck>();
        // one key ring for every instance: a circuit or an antiforgery token made by one is read by another, and after a restart
        services.AddDataProtection().SetApplicationName(RedisKeys.ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), RedisKeys.DataProtectionKeys));
        return builder;
    }

    /// <summary>The client settings the app uses: starts while Redis is down and reconnects by itself; every wait bounded.</summary>
    internal static ConfigurationOptions CreateOptions(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)Timeout.TotalMilliseconds;
        options.SyncTimeout = (int)Timeout.TotalMilliseconds;
        options.AsyncTimeout = (int)Timeout.TotalMilliseconds;
        // reconnect attempts at most 5 s apart, so a Redis that is back serves again within seconds (and within a lock's ttl)
        options.ReconnectRetryPolicy = new ExponentialRetry(1000, (int)Timeout.TotalMilliseconds);
        options.ClientName ??= "codingagent";
        return options;
    }

    private static IConnectionMultiplexer Connect(string configuration, ILogger<RedisConnectionEvents> logger)
    {
        // returns after at most ConnectTimeout even when Redis is down; the multiplexer keeps trying in the background
        var redis = ConnectionMultiplexer.Connect(CreateOptions(configuration));
        RedisConnectionEvents.Log(redis, logger);
        return redis;
    }

    private static bool TryParse(string configuration)
    {
        try
        {
            ConfigurationOptions.Parse(configuration);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The data-protection keys sign the page's state and antiforgery tokens: readable by the app's user only.</summary>
    private static DirectoryInfo PrivateKeysDirectory(string path)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var directory = Directory.CreateDirectory(path, ownerOnly);
        File.SetUnixFileMode(directory.FullName, ownerOnly);
        return directory;
    }
}
