namespace CodingAgent.Core.Domain;

/// <summary>A named page of pinned charts and tables (<see cref="DashboardTile"/>) that can be recomputed against the current files.</summary>
public sealed class Dashboard
{
    public const int MaxNameLength = 200;

    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
