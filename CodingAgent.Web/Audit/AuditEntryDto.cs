using CodingAgent.Core.Audit;

namespace CodingAgent.Web.Audit;

/// <summary>One entry of <c>GET /api/audit</c>.</summary>
public sealed record AuditEntryDto(Guid Id, DateTimeOffset At, string User, string Action, Guid? SessionId, string Detail, string? CodeSha256)
{
    public static AuditEntryDto From(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.User, entry.Action, entry.SessionId, entry.Detail, entry.CodeSha256);
}
