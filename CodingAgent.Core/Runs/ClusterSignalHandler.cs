using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Core.Runs;

/// <summary>
/// Acts on signals from any instance (this one included): cancels a run that executes here, and when a session was
/// deleted, stops its runs here and drops its kernel and its local workspace cache.
/// </summary>
public sealed partial class ClusterSignalHandler(
    IClusterBus bus,
    RunManager runs,
    ISandboxPool sandboxes,
    WorkspaceFileService files,
    TimeProvider time,
    ILogger<ClusterSignalHandler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        ClusterSignalListener.ListenAsync(bus, HandleAsync, reason => LogSubscribeFailed(logger, reason), time, stoppingToken);

    private async Task HandleAsync(ClusterSignal signal, CancellationToken cancellationToken)
    {
        try
        {
            switch (signal.Kind)
            {
                case ClusterSignalKinds.CancelRun when signal.RunId is { } runId:
                    runs.CancelLocal(runId);
                    break;
                case ClusterSignalKinds.SessionDeleted:
                    runs.CancelLocalRunsOf(signal.SessionId);
                    files.ForgetWorkspace(signal.SessionId);
                    await sandboxes.RemoveSessionAsync(signal.SessionId, cancellationToken);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSignalFailed(logger, signal.Kind, signal.SessionId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for signals from other instances failed ({Reason}); retrying")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Acting on signal {Kind} for session {SessionId} failed")]
    private static partial void LogSignalFailed(ILogger logger, string kind, Guid sessionId, Exception exception);
}
