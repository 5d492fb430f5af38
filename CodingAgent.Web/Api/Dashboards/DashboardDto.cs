using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Api.Dashboards;

/// <summary>A dashboard with its tiles in order.</summary>
public sealed record DashboardDto(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<DashboardTileDto> Tiles)
{
    public static DashboardDto From(Dashboard d, IEnumerable<DashboardTile> tiles) =>
        new(d.Id, d.Name, d.CreatedAt, d.UpdatedAt, [.. tiles.Select(DashboardTileDto.From)]);
}
