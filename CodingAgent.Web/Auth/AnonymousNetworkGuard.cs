using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// In <c>Auth:Mode</c> None nobody signs in, so the app may only listen on loopback: it refuses to start on a network
/// address (checked in the configuration before Kestrel binds, and in the addresses it bound), unless
/// <c>Auth:AllowAnonymousNetwork</c> is set, which is logged as a warning at every start.
/// </summary>
internal sealed partial class AnonymousNetworkGuard(IServer server, IConfiguration configuration, IOptions<AuthOptions> options, ILogger<AnonymousNetworkGuard> logger)
    : IHostedLifecycleService
{
    private bool _warned;

    /// <summary>Before Kestrel binds: the addresses the configuration asks for.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // a host without an HTTP server (the eval command) listens nowhere
        if (server.Features.Get<IServerAddressesFeature>() is not null)
        {
            Check(ListenAddresses.Configured(configuration));
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every service started, Kestrel among them: the addresses it listens on.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        Check(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
        return Task.CompletedTask;
    }

    private void Check(IEnumerable<string> addresses)
    {
        var settings = options.Value;
        if (!settings.IsNone)
        {
            return;
        }
        var network = addresses.Where(ListenAddresses.IsNetwork).ToList();
        if (network.Count == 0)
        {
            return;
        }
        var listed = string.Join(", ", network);
        if (!settings.AllowAnonymousNetwork)
        {
            var refusal = new AnonymousNetworkRefusedException(listed);
            LogRefused(logger, refusal.Message);
            throw refusal;
        }
        if (!_warned)
        {
            _warned = true;
            LogAnonymousNetwork(logger, listed);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Refusal}")]
    private static partial void LogRefused(ILogger logger, string refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:Mode is None and Auth:AllowAnonymousNetwork is true: anyone who can reach {Addresses} uses the app without signing in, with every session and file open to them")]
    private static partial void LogAnonymousNetwork(ILogger logger, string addresses);
}
