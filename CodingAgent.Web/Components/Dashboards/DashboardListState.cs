using CodingAgent.Core.Dashboards;
using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Components.Dashboards;

/// <summary>The list of dashboards: load, create (the name is checked by <see cref="DashboardService"/>), delete.</summary>
public sealed class DashboardListState(DashboardService dashboards)
{
    public IReadOnlyList<Dashboard> Dashboards { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task LoadAsync() => Dashboards = await dashboards.ListAsync(CancellationToken.None);

    /// <summary>The new dashboard, or null with <see cref="Error"/> saying why not.</summary>
    public async Task<Dashboard?> CreateAsync(string? name)
    {
        Error = null;
        try
        {
            var created = await dashboards.CreateAsync(name, CancellationToken.None);
            await LoadAsync();
            return created;
        }
        catch (DashboardException ex)
        {
            Error = ex.Message;
            return null;
        }
    }

    public async Task DeleteAsync(Guid id)
    {
        Error = null;
        try
        {
            await dashboards.DeleteAsync(id, CancellationToken.None);
        }
        catch (DashboardException ex)
        {
            Error = ex.Message;
        }
        await LoadAsync();
    }
}
