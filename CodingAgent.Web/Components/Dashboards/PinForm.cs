using CodingAgent.Core.Dashboards;
using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Components.Dashboards;

/// <summary>The pin dialog's choices: an existing dashboard or a new one by name, and the tile's title.</summary>
public sealed class PinForm(DashboardService dashboards, Access.CircuitUser user, Access.ArtifactAccess artifacts)
{
    public IReadOnlyList<Dashboard> Dashboards { get; private set; } = [];

    /// <summary>The dashboard to pin to; null for a new one named <see cref="NewName"/>.</summary>
    public Guid? DashboardId { get; set; }

    public string? NewName { get; set; }
    public string? Title { get; set; }
    public string? Error { get; private set; }
    public bool IsPinning { get; private set; }

    /// <summary>Loads the dashboards; the most recently changed one is chosen, or a new one when there is none.</summary>
    public async Task LoadAsync(string artifactName)
    {
        var current = await user.GetAsync();
        // only the user's own dashboards take pins
        Dashboards = [.. (await dashboards.ListAsync(current, CancellationToken.None)).Where(d => d.OwnerId == current.Id)];
        DashboardId = Dashboards.Count > 0 ? Dashboards[0].Id : null;
        Title = DashboardService.DefaultTitle(artifactName);
    }

    /// <summary>Pins the artifact; the dashboard it went to, or null with <see cref="Error"/> saying why not.</summary>
    public async Task<Dashboard?> PinAsync(Guid artifactId)
    {
        Error = null;
        IsPinning = true;
        try
        {
            // a refresh runs the artifact's code: only charts and tables of the user's own sessions are pinned
            if (await artifacts.CheckOwnedAsync(artifactId, await user.GetAsync(), CancellationToken.None) != Access.AccessVerdict.Allowed)
            {
                Error = "Only charts and tables of your own sessions can be pinned.";
                return null;
            }
            var dashboard = DashboardId is { } id
                ? Dashboards.First(d => d.Id == id)
                : await dashboards.CreateAsync(NewName, await user.GetAsync(), CancellationToken.None);
            await dashboards.PinAsync(dashboard.Id, artifactId, Title, CancellationToken.None);
            return dashboard;
        }
        catch (DashboardException ex)
        {
            Error = ex.Message;
            return null;
        }
        finally
        {
            IsPinning = false;
        }
    }
}
