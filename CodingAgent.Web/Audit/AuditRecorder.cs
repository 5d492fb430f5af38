using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Audit;

/// <summary>
/// Records what the current user does before it is done. In <c>Auth:Mode</c> None the user is <see cref="AuditUsers.Local"/>.
/// A record that cannot be stored stops the action (<see cref="AuditUnavailableException"/>, answered 503).
/// </summary>
public sealed class AuditRecorder(IAuditLog log, TimeProvider time)
{
    public Task RequireAsync(string action, Guid? sessionId, string detail, CancellationToken cancellationToken) =>
        log.RecordRequiredAsync(AuditEntry.Create(time.GetUtcNow(), AuditUsers.Local, action, sessionId, detail), cancellationToken);
}
