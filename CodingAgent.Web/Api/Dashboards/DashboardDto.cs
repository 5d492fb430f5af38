using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Api.Dashboards;

/// <summary>A dashboard with its tiles in order; <c>owner</c> and <c>shared</c> (added) as in <see cref="DashboardSummaryDto"/>.</summary>
public sealed record DashboardDto(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<DashboardTileDto> Tiles, string Owner = "", bool Shared = false)
{
    /// <summary>The dashboard as <paramref name="viewer"/> sees it.</summary>
    public static DashboardDto From(Dashboard d, IEnumerable<DashboardTile> tiles, CodingAgent.Core.Users.CurrentUser viewer) =>
        new(d.Id, d.Name, d.CreatedAt, d.UpdatedAt, [.. tiles.Select(DashboardTileDto.From)], d.OwnerId, d.OwnerId != viewer.Id);
}
