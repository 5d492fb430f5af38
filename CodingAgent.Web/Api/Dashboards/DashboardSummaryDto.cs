using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Api.Dashboards;

/// <summary>
/// A dashboard in the list (without its tiles); <c>owner</c> (added) is the id of the user it belongs to, <c>shared</c>
/// (added) true when it is someone else's, shared read-only with the caller.
/// </summary>
public sealed record DashboardSummaryDto(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Owner = "", bool Shared = false)
{
    /// <summary>The dashboard as <paramref name="viewer"/> sees it.</summary>
    public static DashboardSummaryDto From(Dashboard d, CodingAgent.Core.Users.CurrentUser viewer) => new(d.Id, d.Name, d.CreatedAt, d.UpdatedAt, d.OwnerId, d.OwnerId != viewer.Id);
}
