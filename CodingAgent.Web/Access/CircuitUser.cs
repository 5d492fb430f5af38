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
    public async Task<CurrentUser> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.ToCurrentUser() ?? throw new InvalidOperationException("The page has no signed-in user.");
    }
}
