using System.Security.Claims;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// An open page (a Blazor circuit) keeps the identity it was opened with; in <c>Auth:Mode</c> Local this checks the
/// account every <see cref="Interval"/>: once it is deleted or locked the page loses its user and goes to the sign-in page.
/// </summary>
internal sealed class AccountRevalidation(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<AuthOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User, cancellationToken);

    /// <summary>False when, in a mode with sign-in, the principal's account no longer exists or is locked.</summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (options.Value.IsNone || principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.FindActiveAsync(principal) is not null;
    }
}
