using CodingAgent.Core.Users;
using CodingAgent.Web.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace CodingAgent.Web.Access;

/// <summary>
/// The signed-in user of a page's circuit (the request's user when the circuit started; in mode None the local user),
/// for the page's state classes to pass into services as the API's handlers do.
/// </summary>
public sealed class CircuitUser(AuthenticationStateProvider authentication)
{
    public async Task<CurrentUser> GetAsync() =>
        await FindAsync() ?? throw new InvalidOperationException("The page has no signed-in user.");

    /// <summary>The page's user as it is now (its role may have changed since the page opened); null once it has none.</summary>
    public async Task<CurrentUser?> FindAsync() => (await authentication.GetAuthenticationStateAsync()).User.ToCurrentUser();
}
