using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Api.Dashboards;

/// <summary>
/// A pinned chart or table: <c>currentArtifactId</c> is what to show (its content at <c>/api/artifacts/{id}/content</c>),
/// computed at <c>lastComputedAt</c>; <c>lastError</c> says why the last refresh failed (the artifact is then the previous
/// one). <c>sessionId</c>, <c>sourceArtifactId</c> and <c>currentArtifactId</c> are null once the session was deleted,
/// and <c>canRefresh</c> is then false.
/// </summary>
public sealed record DashboardTileDto(
    Guid Id,
    string Title,
    string Kind,
    int Position,
    Guid? SessionId,
    Guid? SourceArtifactId,
    Guid? CurrentArtifactId,
    DateTimeOffset LastComputedAt,
    DateTimeOffset? LastRefreshedAt,
    string? LastError,
    bool CanRefresh)
{
    public static DashboardTileDto From(DashboardTile t) => new(
        t.Id, t.Title, t.Kind, t.Position, t.SessionId, t.SourceArtifactId, t.CurrentArtifactId,
        t.LastComputedAt, t.LastRefreshedAt, t.LastError, t.SessionId is not null && t.SourceArtifactId is not null);
}
