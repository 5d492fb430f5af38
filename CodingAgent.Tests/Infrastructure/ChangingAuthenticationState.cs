using CodingAgent.Core.Users;
using CodingAgent.Web.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>A circuit signed in as a user whose role can change while the page is open (as an administrator's change reaches it).</summary>
public sealed class ChangingAuthenticationState(CurrentUser user) : AuthenticationStateProvider
{
    private Task<AuthenticationState> _state = Task.FromResult(new AuthenticationState(AppClaims.Principal(user, "test")));

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => _state;

    public void Change(CurrentUser changed)
    {
        _state = Task.FromResult(new AuthenticationState(AppClaims.Principal(changed, "test")));
        NotifyAuthenticationStateChanged(_state);
    }
}
