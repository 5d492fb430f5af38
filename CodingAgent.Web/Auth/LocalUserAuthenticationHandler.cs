using System.Text.Encodings.Web;
using CodingAgent.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>Mode None: every request is the one local user (<see cref="CurrentUser.Local"/>), as before sign-in existed.</summary>
public sealed class LocalUserAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(AppClaims.Principal(CurrentUser.Local, Scheme.Name), Scheme.Name)));
}
