using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Auth;

/// <summary>Records sign-ins and failed sign-ins; best effort: an audit outage does not stop a sign-in (it is logged).</summary>
public sealed partial class SignInAudit(IAuditLog audit, TimeProvider time, ILogger<SignInAudit> logger)
{
    /// <summary>Who the audit log names for a sign-in that failed before anyone was identified (as mode Local names a failed sign-in).</summary>
    public const string UnknownUser = AuditUsers.Anonymous;

    public Task SucceededAsync(string user, string detail, CancellationToken cancellationToken) =>
        RecordAsync(user, AuditActions.SignIn, detail, cancellationToken);

    public Task FailedAsync(string user, string detail, CancellationToken cancellationToken) =>
        RecordAsync(user, AuditActions.SignInFailed, detail, cancellationToken);

    private async Task RecordAsync(string user, string action, string detail, CancellationToken cancellationToken)
    {
        try
        {
            await audit.AppendAsync(AuditEntry.Create(time.GetUtcNow(), user, action, null, detail), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAuditFailed(logger, action, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log did not record {Action}")]
    private static partial void LogAuditFailed(ILogger logger, string action, Exception exception);
}
