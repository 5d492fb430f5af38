using System.Security.Claims;
using CodingAgent.Core.Users;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// An open page (a Blazor circuit) keeps the identity it was opened with; in a mode with sign-in this checks the
/// account every <see cref="Interval"/>, and at once when any instance signals that it was locked, deleted or given
/// another role (<see cref="OpenPages"/>): once it is deleted or locked the page loses its user and goes to the sign-in
/// page; a changed role replaces the page's user with the same user in the new role (what the page shows and allows
/// follows, as the cookie's next request does in <see cref="CookieRevalidation"/>).
/// </summary>
internal sealed class AccountRevalidation : RevalidatingServerAuthenticationStateProvider
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly IServiceScopeFactory _scopes;
    private readonly IOptions<AuthOptions> _options;
    private readonly OpenPages _pages;
    private readonly Lock _gate = new();
    private string? _userId;

    public AccountRevalidation(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<AuthOptions> options, OpenPages pages)
        : base(loggerFactory)
    {
        _scopes = scopes;
        _options = options;
        _pages = pages;
        AuthenticationStateChanged += Track;
    }

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var current = await CurrentPrincipalAsync(authenticationState.User, cancellationToken);
        if (current is not null && !ReferenceEquals(current, authenticationState.User))
        {
            // (this ends the loop that called it; the new state starts its own)
            SetAuthenticationState(Task.FromResult(new AuthenticationState(current)));
        }
        return current is not null;
    }

    /// <summary>
    /// The principal the page should have now: null when, in a mode with sign-in, its account no longer exists or is
    /// locked; the same user in the account's present role when that changed; else <paramref name="principal"/> itself.
    /// </summary>
    public async Task<ClaimsPrincipal?> CurrentPrincipalAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (_options.Value.IsNone || principal.Identity?.IsAuthenticated != true)
        {
            return principal;
        }
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindActiveAsync(principal) is not { } user)
        {
            return null;
        }
        var role = UserRoles.Normalize(user.Role) ?? UserRoles.Viewer;
        return role == principal.FindFirstValue(ClaimTypes.Role)
            ? principal
            : AppClaims.Principal(new CurrentUser(user.Id, user.Email ?? user.Id, role), principal.Identity.AuthenticationType ?? AuthSchemes.Cookie);
    }

    /// <summary>
    /// Checks the page's account now (as the periodic check does): gone or locked, the page loses its user; in another
    /// role, the page's user takes it.
    /// </summary>
    public async Task RecheckNowAsync(CancellationToken cancellationToken)
    {
        var state = await GetAuthenticationStateAsync();
        var current = await CurrentPrincipalAsync(state.User, cancellationToken);
        if (current is null)
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        }
        else if (!ReferenceEquals(current, state.User))
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(current)));
        }
    }

    /// <summary>Keeps <see cref="OpenPages"/> knowing which account this page shows.</summary>
    private async void Track(Task<AuthenticationState> changed)
    {
        string? userId;
        try
        {
            var principal = (await changed).User;
            userId = principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        }
        catch (Exception)
        {
            // a failed authentication leaves the page without a user
            userId = null;
        }
        lock (_gate)
        {
            if (_userId == userId)
            {
                return;
            }
            if (_userId is not null)
            {
                _pages.Remove(_userId, this);
            }
            _userId = userId;
            if (userId is not null)
            {
                _pages.Add(userId, this);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= Track;
            lock (_gate)
            {
                if (_userId is not null)
                {
                    _pages.Remove(_userId, this);
                    _userId = null;
                }
            }
        }
        base.Dispose(disposing);
    }
}
