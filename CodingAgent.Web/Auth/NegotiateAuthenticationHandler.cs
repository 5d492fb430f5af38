using System.Net.Security;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// <c>Auth:Mode</c> Negotiate: Windows / Kerberos sign-in (SPNEGO, RFC 4559) on the BCL's server-side
/// <see cref="NegotiateAuthentication"/> (GSSAPI on Linux: the host needs a keytab for <c>HTTP/host@REALM</c>, see
/// docs/security.md). A request without credentials is challenged with <c>WWW-Authenticate: Negotiate</c>;
/// <c>Authorization: Negotiate &lt;base64&gt;</c> is accepted (several legs on one connection when the mechanism needs
/// them); the principal's account is found or made, and the app's cookie is issued so the page's circuit needs no
/// second handshake. A request with the cookie of an earlier sign-in is that user. Anything unreadable is a 401, never a 500.
/// </summary>
public sealed partial class NegotiateAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<NegotiateAuthOptions> settings, SignInAudit audit)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The <c>LoginProvider</c> of AspNetUserLogins for a Windows / Kerberos principal.</summary>
    public const string LoginProvider = "Negotiate";

    internal const string Prefix = "Negotiate";
    private static readonly object ConnectionStateKey = new();
    private static readonly object ReplyKey = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix + " ", StringComparison.OrdinalIgnoreCase))
        {
            // no handshake in this request: the cookie of an earlier sign-in, if any
            return await Context.AuthenticateAsync(AuthSchemes.Cookie);
        }
        byte[] incoming;
        try
        {
            incoming = Convert.FromBase64String(header[(Prefix.Length + 1)..].Trim());
        }
        catch (FormatException)
        {
            return await FailAsync("the Negotiate token is not base64");
        }
        var (negotiation, status, reply) = Step(incoming);
        if (reply is { Length: > 0 })
        {
            Context.Items[ReplyKey] = reply;
        }
        if (status == NegotiateAuthenticationStatusCode.ContinueNeeded)
        {
            KeepForConnection(negotiation);
            return AuthenticateResult.NoResult();
        }
        ForgetForConnection();
        using (negotiation)
        {
            if (status != NegotiateAuthenticationStatusCode.Completed || negotiation?.RemoteIdentity is not { IsAuthenticated: true, Name: { Length: > 0 } name })
            {
                return await FailAsync($"the Negotiate handshake ended with {status}");
            }
            if (reply is { Length: > 0 })
            {
                // mutual authentication: the server's last token goes back with the success
                Response.Headers.WWWAuthenticate = Prefix + " " + Convert.ToBase64String(reply);
            }
            var users = Context.RequestServices.GetRequiredService<ExternalUsers>();
            var user = await users.SignInAsync(LoginProvider, name, name, null, settings.Value.RoleOf(name), Context.RequestAborted);
            if (user is null)
            {
                return await FailAsync($"the account of {name} is locked");
            }
            var principal = AppClaims.Principal(user, Scheme.Name);
            await Context.SignInAsync(AuthSchemes.Cookie, principal);
            LogSignedIn(Logger, user.Id, user.Name, user.Role);
            await audit.SucceededAsync(user.Name, $"negotiate {user.Name} as {user.Role}", Context.RequestAborted);
            return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var challenge = Context.Items[ReplyKey] is byte[] reply ? Prefix + " " + Convert.ToBase64String(reply) : Prefix;
        if (Request.Path.StartsWithSegments("/api"))
        {
            // the problem sets WWW-Authenticate: Bearer and writes the body; Negotiate is added just before the headers go
            Response.OnStarting(() =>
            {
                Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.WWWAuthenticate, challenge);
                return Task.CompletedTask;
            });
            await AuthProblems.WriteUnauthorizedAsync(Context);
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = challenge;
        Response.ContentType = "text/plain; charset=utf-8";
        await Response.WriteAsync("Sign-in with Windows (Kerberos) is required. Use a browser that signs in to this intranet site automatically.", Context.RequestAborted);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.WriteForbiddenAsync(Context);

    /// <summary>One leg of the handshake, on this connection's negotiation if one is under way, else on a new one.</summary>
    private (NegotiateAuthentication? Negotiation, NegotiateAuthenticationStatusCode Status, byte[]? Reply) Step(byte[] incoming)
    {
        NegotiateAuthentication? negotiation = null;
        try
        {
            negotiation = ConnectionItems?.TryGetValue(ConnectionStateKey, out var kept) == true && kept is NegotiateAuthentication ongoing
                ? ongoing
                : new NegotiateAuthentication(new NegotiateAuthenticationServerOptions());
            var reply = negotiation.GetOutgoingBlob(incoming, out var status);
            return (negotiation, status, reply);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // GSSAPI missing or a token it cannot even parse: a refusal, not a server error
            LogHandshakeError(Logger, ex);
            negotiation?.Dispose();
            ForgetForConnection();
            return (null, NegotiateAuthenticationStatusCode.GenericFailure, null);
        }
    }

    private IDictionary<object, object?>? ConnectionItems => Context.Features.Get<IConnectionItemsFeature>()?.Items;

    private void KeepForConnection(NegotiateAuthentication? negotiation)
    {
        if (negotiation is null || ConnectionItems is not { } items)
        {
            negotiation?.Dispose();
            return;
        }
        if (!items.ContainsKey(ConnectionStateKey))
        {
            Context.Features.Get<IConnectionCompleteFeature>()?.OnCompleted(state =>
            {
                ((IDictionary<object, object?>)state).Remove(ConnectionStateKey, out var kept);
                (kept as IDisposable)?.Dispose();
                return Task.CompletedTask;
            }, items);
        }
        items[ConnectionStateKey] = negotiation;
    }

    private void ForgetForConnection() => ConnectionItems?.Remove(ConnectionStateKey);

    private async Task<AuthenticateResult> FailAsync(string reason)
    {
        LogFailed(Logger, reason);
        await audit.FailedAsync(SignInAudit.UnknownUser, "negotiate " + reason, Context.RequestAborted);
        return AuthenticateResult.Fail("Windows sign-in failed: " + reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Negotiate sign-in of {UserId} ({Name}) as {Role}")]
    private static partial void LogSignedIn(ILogger logger, string userId, string name, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Negotiate sign-in failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Negotiate handshake could not read the client's token")]
    private static partial void LogHandshakeError(ILogger logger, Exception exception);
}
