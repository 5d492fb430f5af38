using System.Security.Claims;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// An open page (a Blazor circuit) keeps the identity it was opened with; in a mode with sign-in this checks the
/// account every <see cref="Interval"/>, and at once when any instance signals that it was locked or deleted
/// (<see cref="OpenPages"/>): once it is deleted or locked the page loses its user and goes to the sign-in page.
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

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User, cancellationToken);

    /// <summary>False when, in a mode with sign-in, the principal's account no longer exists or is locked.</summary>
    public async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (_options.Value.IsNone || principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = _scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.FindActiveAsync(principal) is not null;
    }

    /// <summary>Checks the page's account now: gone or locked, the page loses its user (as the periodic check does).</summary>
    public async Task RecheckNowAsync(CancellationToken cancellationToken)
    {
        var state = await GetAuthenticationStateAsync();
        if (!await IsStillValidAsync(state.User, cancellationToken))
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
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
