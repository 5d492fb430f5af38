using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Auth;

/// <summary>Audit records that must not stop what they record (a failed sign-in, a sign-out): a store that fails is logged.</summary>
internal static partial class AuthAudit
{
    public static async Task AppendBestEffortAsync(this IAuditLog audit, AuditEntry entry, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await audit.AppendAsync(entry, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAuditFailed(logger, entry.Action, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log could not record a {Action}")]
    private static partial void LogAuditFailed(ILogger logger, string action, Exception exception);
}
