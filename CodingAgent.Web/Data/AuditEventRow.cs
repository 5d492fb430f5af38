using CodingAgent.Core.Audit;

namespace CodingAgent.Web.Data;

/// <summary>One stored audit entry (table <c>audit_events</c>), written once and never changed. No foreign key: the record outlives its session.</summary>
public sealed class AuditEventRow
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string User { get; init; } = "";
    public string Action { get; init; } = "";
    public Guid? SessionId { get; init; }
    public string Detail { get; init; } = "";
    public string? CodeSha256 { get; init; }

    public static AuditEventRow From(AuditEntry entry) => new()
    {
        Id = entry.Id,
        At = entry.At,
        User = entry.User,
        Action = entry.Action,
        SessionId = entry.SessionId,
        Detail = entry.Detail,
        CodeSha256 = entry.CodeSha256,
    };

    public AuditEntry ToEntry() => new(Id, At, User, Action, SessionId, Detail, CodeSha256);
}
