using System.Text.Encodings.Web;
using CodingAgent.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary><c>Authorization: Bearer &lt;token&gt;</c> with a sign-in or personal access token, checked against the database on every request.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    internal const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var user = await tokens.FindUserAsync(header[BearerPrefix.Length..].Trim(), Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        }
        var current = new CurrentUser(user.Id, user.Email ?? user.UserName ?? user.Id, UserRoles.Normalize(user.Role) ?? UserRoles.Viewer);
        return AuthenticateResult.Success(new AuthenticationTicket(AppClaims.Principal(current, Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => AuthProblems.WriteUnauthorizedAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.WriteForbiddenAsync(Context);
}
