using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// What happens when the OpenID Connect provider sends a user back: the account of (issuer, <c>sub</c>) is found or made,
/// its e-mail address and role are taken from the id token's claims, and the principal the cookie keeps becomes the app's
/// own shape (<see cref="AppClaims"/>), so ownership and audit work as in Local mode. Sign-ins and failures are audited.
/// </summary>
public sealed partial class OidcSignIn(ExternalUsers users, SignInAudit audit, IOptions<OidcAuthOptions> options, ILogger<OidcSignIn> logger)
{
    public async Task TokenValidatedAsync(TokenValidatedContext context)
    {
        var cancellationToken = context.HttpContext.RequestAborted;
        var claims = context.Principal;
        var issuer = context.SecurityToken?.Issuer;
        if (claims?.FindFirstValue("sub") is not { Length: > 0 } subject || string.IsNullOrEmpty(issuer))
        {
            context.Fail("The id token has no subject (sub) or issuer.");
            return;
        }
        var email = claims.FindFirstValue("email") is { Length: > 0 } e ? e : null;
        var displayName = email ?? claims.FindFirstValue("preferred_username") ?? claims.FindFirstValue("name") ?? subject;
        var settings = options.Value;
        var role = settings.MapRole(claims.FindAll(settings.RoleClaim).Select(c => c.Value));
        var user = await users.SignInAsync(issuer, subject, displayName, email, role, cancellationToken);
        if (user is null)
        {
            LogLockedOut(logger, displayName);
            context.Fail($"The account of {displayName} is locked.");
            return;
        }
        context.Principal = AppClaims.Principal(user, AuthSchemes.Oidc);
        LogSignedIn(logger, user.Id, user.Name, user.Role);
        await audit.SucceededAsync(user.Name, $"oidc {user.Name} as {user.Role}", cancellationToken);
    }

    /// <summary>The provider refused, the response was invalid or the account is locked: audited, and answered 401 without details.</summary>
    public async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var reason = context.Failure?.Message ?? "unknown";
        LogFailed(logger, reason);
        await audit.FailedAsync(SignInAudit.UnknownUser, "oidc " + reason, context.HttpContext.RequestAborted);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("Sign-in failed: the identity provider's answer was refused. Go back to the app to try again.", context.HttpContext.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OpenID Connect sign-in of {UserId} ({Name}) as {Role}")]
    private static partial void LogSignedIn(ILogger logger, string userId, string name, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenID Connect sign-in of {Name} refused: the account is locked")]
    private static partial void LogLockedOut(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenID Connect sign-in failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
