using CodingAgent.Core.Dashboards;
using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Components.Dashboards;

/// <summary>The list of dashboards: load, create (the name is checked by <see cref="DashboardService"/>), delete.</summary>
public sealed class DashboardListState(DashboardService dashboards, Access.DashboardAccess access, Access.CircuitUser user)
{
    public IReadOnlyList<Dashboard> Dashboards { get; private set; } = [];
    public string? Error { get; private set; }

    private Core.Users.CurrentUser? _user;

    public async Task LoadAsync() => Dashboards = await dashboards.ListAsync(_user = await user.GetAsync(), CancellationToken.None);

    /// <summary>Whether the signed-in user may delete or change <paramref name="dashboard"/>: theirs, with a role that runs code.</summary>
    public bool CanChange(Dashboard dashboard) =>
        _user is { } current && access.Verdict(dashboard, current, Access.AccessLevel.Write) == Access.AccessVerdict.Allowed;

    /// <summary>The new dashboard, or null with <see cref="Error"/> saying why not.</summary>
    public async Task<Dashboard?> CreateAsync(string? name)
    {
        Error = null;
        try
        {
            var owner = await user.GetAsync();
            if (!owner.CanRunCode)
            {
                Error = "Your role (viewer) reads what is shared with you; it cannot make dashboards.";
                return null;
            }
            var created = await dashboards.CreateAsync(name, owner, CancellationToken.None);
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
            if (await access.CheckAsync(id, await user.GetAsync(), Access.AccessLevel.Write, CancellationToken.None) != Access.AccessVerdict.Allowed)
            {
                Error = "Only the dashboard's owner can delete it.";
                return;
            }
            await dashboards.DeleteAsync(id, CancellationToken.None);
        }
        catch (DashboardException ex)
        {
            Error = ex.Message;
        }
        await LoadAsync();
    }
}
