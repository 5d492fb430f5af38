using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Users;

namespace CodingAgent.Core.Dashboards;

/// <summary>Creating, naming and deleting dashboards and pinning artifacts to them: the rules shared by the API and the page.</summary>
public sealed class DashboardService(IDashboardRepository dashboards, ISessionRepository sessions, TimeProvider time)
{
    /// <summary>The dashboards <paramref name="user"/> owns and those shared with them.</summary>
    public Task<IReadOnlyList<Dashboard>> ListAsync(CurrentUser user, CancellationToken cancellationToken) => dashboards.ListAsync(user.Id, cancellationToken);

    /// <summary>A dashboard and its tiles in order.</summary>
    /// <exception cref="DashboardException">No such dashboard.</exception>
    public async Task<(Dashboard Dashboard, IReadOnlyList<DashboardTile> Tiles)> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var dashboard = await dashboards.GetAsync(id, cancellationToken) ?? throw NotFound(id);
        return (dashboard, await dashboards.ListTilesAsync(id, cancellationToken));
    }

    /// <summary>A new dashboard belonging to <paramref name="owner"/>.</summary>
    public Task<Dashboard> CreateAsync(string? name, CurrentUser owner, CancellationToken cancellationToken) =>
        dashboards.CreateAsync(ValidName(name), owner.Id, cancellationToken);

    public async Task RenameAsync(Guid id, string? name, CancellationToken cancellationToken)
    {
        if (!await dashboards.RenameAsync(id, ValidName(name), cancellationToken))
        {
            throw NotFound(id);
        }
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await dashboards.DeleteAsync(id, cancellationToken))
        {
            throw NotFound(id);
        }
    }

    /// <summary>Pins a chart or table artifact; the title defaults to the artifact's name without its extension.</summary>
    public async Task<DashboardTile> PinAsync(Guid dashboardId, Guid artifactId, string? title, CancellationToken cancellationToken)
    {
        var trimmed = title?.Trim();
        if (trimmed is { Length: > DashboardTile.MaxTitleLength })
        {
            throw new DashboardException(DashboardProblem.InvalidTitle, $"The title is longer than {DashboardTile.MaxTitleLength} characters.");
        }
        _ = await dashboards.GetAsync(dashboardId, cancellationToken) ?? throw NotFound(dashboardId);
        var artifact = await sessions.GetArtifactAsync(artifactId, cancellationToken)
            ?? throw new DashboardException(DashboardProblem.ArtifactNotFound, $"There is no artifact {artifactId}.");
        if (artifact.Kind is not (ArtifactKinds.Chart or ArtifactKinds.Table))
        {
            throw new DashboardException(DashboardProblem.NotPinnable, $"Only charts and tables can be pinned; artifact {artifactId} is a {artifact.Kind}.");
        }
        return await dashboards.AddTileAsync(new DashboardTile
        {
            Id = Guid.NewGuid(),
            DashboardId = dashboardId,
            SessionId = artifact.SessionId,
            SourceArtifactId = artifact.Id,
            CurrentArtifactId = artifact.Id,
            Kind = artifact.Kind,
            Title = string.IsNullOrEmpty(trimmed) ? DefaultTitle(artifact.Name) : trimmed,
            CreatedAt = time.GetUtcNow(),
            LastComputedAt = artifact.CreatedAt,
        }, cancellationToken);
    }

    public async Task RemoveTileAsync(Guid dashboardId, Guid tileId, CancellationToken cancellationToken)
    {
        if (!await dashboards.RemoveTileAsync(dashboardId, tileId, cancellationToken))
        {
            throw new DashboardException(DashboardProblem.TileNotFound, $"Dashboard {dashboardId} has no tile {tileId}.");
        }
    }

    /// <summary>"monthly-revenue.json" → "Monthly revenue", "table-1.json" → "Table 1"; at most a title's length.</summary>
    public static string DefaultTitle(string artifactName)
    {
        var title = Path.GetFileNameWithoutExtension(artifactName).Replace('-', ' ').Replace('_', ' ').Trim();
        title = title.Length == 0 ? "Pinned artifact" : char.ToUpperInvariant(title[0]) + title[1..];
        return title.Length > DashboardTile.MaxTitleLength ? title[..DashboardTile.MaxTitleLength] : title;
    }

    private static string ValidName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new DashboardException(DashboardProblem.InvalidName, "A dashboard needs a name.");
        }
        if (trimmed.Length > Dashboard.MaxNameLength)
        {
            throw new DashboardException(DashboardProblem.InvalidName, $"The name is longer than {Dashboard.MaxNameLength} characters.");
        }
        return trimmed;
    }

    private static DashboardException NotFound(Guid id) => new(DashboardProblem.DashboardNotFound, $"There is no dashboard {id}.");
}
