using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Auth;

/// <summary>
/// Acts on <see cref="ClusterSignalKinds.AccountChanged"/> from any instance (this one included): the account's open
/// pages here check it at once (<see cref="OpenPages"/>).
/// </summary>
public sealed partial class AccountSignalHandler(IClusterBus bus, OpenPages pages, TimeProvider time, ILogger<AccountSignalHandler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ClusterSignalListener.ListenAsync(bus, async (signal, cancellationToken) =>
        {
            if (signal is { Kind: ClusterSignalKinds.AccountChanged, UserId: { } userId })
            {
                try
                {
                    await pages.RecheckAsync(userId, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // (the pages' periodic check still comes)
                    LogRecheckFailed(logger, userId, ex.Message);
                }
            }
        }, reason => LogSubscribeFailed(logger, reason), time, stoppingToken);

    /// <summary>
    /// Tells every instance that the account was locked, deleted or given another role. Best effort: when the bus is unreachable the open
    /// pages still check the account within <see cref="AccountRevalidation.Interval"/>.
    /// </summary>
    public static async Task PublishAsync(IClusterBus bus, string userId, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await bus.PublishSignalAsync(new ClusterSignal(ClusterSignalKinds.AccountChanged, Guid.Empty, null, userId), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(logger, userId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the open pages of account {UserId} again: {Error}")]
    private static partial void LogRecheckFailed(ILogger logger, string userId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to account signals, retrying: {Error}")]
    private static partial void LogSubscribeFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other instances that account {UserId} changed (its open pages check it within a minute): {Error}")]
    private static partial void LogPublishFailed(ILogger logger, string userId, string error);
}
