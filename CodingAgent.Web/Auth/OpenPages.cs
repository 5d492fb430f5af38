using System.Collections.Concurrent;

namespace CodingAgent.Web.Auth;

/// <summary>
/// The open pages (Blazor circuits) of this instance by the account they show, so that an account locked, deleted or
/// given another role on any instance is checked again on its open pages at once (<see cref="AccountSignalHandler"/>).
/// </summary>
public sealed class OpenPages
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<AccountRevalidation, byte>> _byUser = new(StringComparer.Ordinal);

    internal void Add(string userId, AccountRevalidation page) =>
        _byUser.GetOrAdd(userId, _ => new ConcurrentDictionary<AccountRevalidation, byte>()).TryAdd(page, 0);

    /// <remarks>
    /// An account's (empty) set stays: removing it could race with a page of that account being added to it at the
    /// same moment, which would then be missed by <see cref="RecheckAsync"/>.
    /// </remarks>
    internal void Remove(string userId, AccountRevalidation page)
    {
        if (_byUser.TryGetValue(userId, out var pages))
        {
            pages.TryRemove(page, out _);
        }
    }

    /// <summary>How many open pages of this instance show the account.</summary>
    public int Count(string userId) => _byUser.TryGetValue(userId, out var pages) ? pages.Count : 0;

    /// <summary>Checks the account again on each of its open pages here: a page whose account is gone or locked loses its user, one whose account has another role takes it.</summary>
    public async Task RecheckAsync(string userId, CancellationToken cancellationToken)
    {
        if (!_byUser.TryGetValue(userId, out var pages))
        {
            return;
        }
        foreach (var page in pages.Keys)
        {
            await page.RecheckNowAsync(cancellationToken);
        }
    }
}
