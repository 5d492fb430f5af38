using CodingAgent.Core.Users;
using CodingAgent.Web.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// A circuit signed in as <paramref name="user"/> (as the app's own principal shape), for page state tests; its user
/// stays unless a test changes it while a page is open (as an administrator's role change reaches it).
/// </summary>
public sealed class TestAuthenticationState(CurrentUser user) : AuthenticationStateProvider
{
    private Task<AuthenticationState> _state = Task.FromResult(new AuthenticationState(AppClaims.Principal(user, "test")));

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => _state;

    public void Change(CurrentUser changed)
    {
        _state = Task.FromResult(new AuthenticationState(AppClaims.Principal(changed, "test")));
        NotifyAuthenticationStateChanged(_state);
    }
}
