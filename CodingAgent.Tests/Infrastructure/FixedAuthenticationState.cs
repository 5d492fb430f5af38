using CodingAgent.Core.Users;
using CodingAgent.Web.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>A circuit signed in as <paramref name="user"/> (as the app's own principal shape), for page state tests.</summary>
public sealed class FixedAuthenticationState(CurrentUser user) : AuthenticationStateProvider
{
    public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
        Task.FromResult(new AuthenticationState(AppClaims.Principal(user, "test")));
}
