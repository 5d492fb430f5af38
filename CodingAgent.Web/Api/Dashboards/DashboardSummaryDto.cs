using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Api.Dashboards;

/// <summary>A dashboard in the list (without its tiles).</summary>
public sealed record DashboardSummaryDto(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static DashboardSummaryDto From(Dashboard d) => new(d.Id, d.Name, d.CreatedAt, d.UpdatedAt);
}
