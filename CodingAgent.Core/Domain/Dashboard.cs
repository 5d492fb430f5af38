namespace CodingAgent.Core.Domain;

/// <summary>A named page of pinned charts and tables (<see cref="DashboardTile"/>) that can be recomputed against the current files.</summary>
public sealed class Dashboard
{
    public const int MaxNameLength = 200;

    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The <see cref="Users.CurrentUser.Id"/> of the user the dashboard belongs to (<see cref="Audit.AuditUsers.Local"/> in mode None and for dashboards made before sign-in existed).</summary>
    public string OwnerId { get; set; } = Audit.AuditUsers.Local;
}
