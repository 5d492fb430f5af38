using CodingAgent.Web.Sharing;

namespace CodingAgent.Web.Components.Sharing;

/// <summary>
/// The share dialog's state for one session or dashboard the user owns: who it is shared with, the address being
/// added, and why the last change was refused. The changes are <see cref="ShareChanges"/>' (audited as the API's).
/// </summary>
public sealed class ShareForm(ShareChanges changes, Access.CircuitUser user)
{
    private string _kind = ShareKinds.Session;
    private Guid _id;

    public IReadOnlyList<ShareGrant> Grants { get; private set; } = [];

    /// <summary>The address typed in; kept when it is refused, so nothing typed is lost.</summary>
    public string? Email { get; set; }

    public string? Error { get; private set; }
    public bool IsBusy { get; private set; }

    public async Task LoadAsync(string kind, Guid id, CancellationToken cancellationToken = default)
    {
        (_kind, _id) = (kind, id);
        Grants = await changes.ListAsync(kind, id, cancellationToken);
    }

    /// <summary>Shares it with <see cref="Email"/>: true when done (the field empties), else false with <see cref="Error"/>.</summary>
    public Task<bool> AddAsync(CancellationToken cancellationToken = default) => ChangeAsync(async owner =>
    {
        var outcome = await changes.AddAsync(_kind, _id, Email, owner, cancellationToken);
        if (outcome.Refusal is null)
        {
            Email = null;
        }
        return outcome.Refusal;
    }, cancellationToken);

    public Task<bool> RemoveAsync(string userId, CancellationToken cancellationToken = default) =>
        ChangeAsync(owner => changes.RemoveAsync(_kind, _id, userId, owner, cancellationToken), cancellationToken);

    private async Task<bool> ChangeAsync(Func<Core.Users.CurrentUser, Task<ShareRefusal?>> change, CancellationToken cancellationToken)
    {
        if (IsBusy)
        {
            return false;
        }
        IsBusy = true;
        Error = null;
        try
        {
            Error = (await change(await user.GetAsync()))?.Detail;
            Grants = await changes.ListAsync(_kind, _id, cancellationToken);
            return Error is null;
        }
        finally
        {
            IsBusy = false;
        }
    }
}
