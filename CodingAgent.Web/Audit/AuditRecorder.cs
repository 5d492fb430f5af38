using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;

namespace CodingAgent.Web.Audit;

/// <summary>
/// Records what a user does before it is done (in <c>Auth:Mode</c> None the user is <see cref="CurrentUser.Local"/>).
/// A record that cannot be stored stops the action (<see cref="AuditUnavailableException"/>, answered 503).
/// </summary>
public sealed class AuditRecorder(IAuditLog log, TimeProvider time)
{
    public Task RequireAsync(CurrentUser user, string action, Guid? sessionId, string detail, CancellationToken cancellationToken) =>
        log.RecordRequiredAsync(AuditEntry.Create(time.GetUtcNow(), user.Name, action, sessionId, detail), cancellationToken);
}
