using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Sharing;

namespace CodingAgent.Web.Access;

/// <summary>Who may see and change a dashboard and its tiles (<see cref="OwnedResourceAccess{T}"/>).</summary>
public sealed class DashboardAccess(IDashboardRepository dashboards, ShareStore shares) : OwnedResourceAccess<Dashboard>(shares, ShareKinds.Dashboard)
{
    protected override Task<Dashboard?> GetAsync(Guid id, CancellationToken cancellationToken) => dashboards.GetAsync(id, cancellationToken);

    protected override string OwnerOf(Dashboard resource) => resource.OwnerId;
}
