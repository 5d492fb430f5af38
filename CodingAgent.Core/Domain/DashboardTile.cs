namespace CodingAgent.Core.Domain;

/// <summary>
/// A chart or table pinned to a dashboard. It remembers the artifact that was pinned (whose step is re-run on refresh)
/// and shows the latest one computed. Deleting the session it came from deletes that session's artifacts: the database
/// then clears <see cref="SessionId"/>, <see cref="SourceArtifactId"/> and <see cref="CurrentArtifactId"/> and the tile
/// stays, with its title and kind, saying that its source is gone, until it is removed.
/// </summary>
public sealed class DashboardTile
{
    public const int MaxTitleLength = 200;

    public Guid Id { get; set; }
    public Guid DashboardId { get; set; }

    /// <summary>The session the pinned artifact came from; null once that session was deleted.</summary>
    public Guid? SessionId { get; set; }

    /// <summary>The artifact that was pinned; its step (and the steps before it) are what a refresh re-runs.</summary>
    public Guid? SourceArtifactId { get; set; }

    /// <summary>The artifact shown: the pinned one until the first successful refresh, then the latest computed.</summary>
    public Guid? CurrentArtifactId { get; set; }

    /// <summary>The pinned artifact's kind (<see cref="ArtifactKinds.Chart"/> or <see cref="ArtifactKinds.Table"/>), kept when the source is gone.</summary>
    public string Kind { get; set; } = ArtifactKinds.Chart;

    public string Title { get; set; } = "";

    /// <summary>Order on the dashboard: 0, 1, … in pin order.</summary>
    public int Position { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When <see cref="CurrentArtifactId"/> was computed (the pinned artifact's own time until a refresh succeeds).</summary>
    public DateTimeOffset LastComputedAt { get; set; }

    /// <summary>When the last refresh was tried, whether it succeeded or not; null before any.</summary>
    public DateTimeOffset? LastRefreshedAt { get; set; }

    /// <summary>Why the last refresh failed (the current artifact is then the previous one), or null.</summary>
    public string? LastError { get; set; }
}
