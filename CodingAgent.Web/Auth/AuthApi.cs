using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// (added) Signing in and out (docs/api.md, Accounts): <c>POST /api/auth/login</c>, <c>POST /api/auth/logout</c>,
/// <c>GET /api/auth/me</c>, and the page's sign-out form (<c>POST /signout</c>).
/// </summary>
public static class AuthApi
{
    /// <summary>These routes, the tokens' (<see cref="TokensApi"/>) and the accounts' (<see cref="UsersApi"/>).</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("accounts");
        auth.MapPost("/login", Login).AllowAnonymous();
        auth.MapPost("/logout", Logout);
        auth.MapGet("/me", Me);
        app.MapPost("/signout", SignOutForm).ExcludeFromDescription();
        app.MapTokensApi();
        app.MapUsersApi();
        return app;
    }

    /// <summary>The answer of an account route in a mode without accounts.</summary>
    internal static ProblemHttpResult NoAccounts(string what) =>
        TypedResults.Problem(statusCode: 404, title: "Not available", detail: $"{what} need Auth:Mode Local (this app runs without sign-in).");

    /// <summary>What needs mode Local's passwords, asked of an app whose users sign in elsewhere (Oidc, Negotiate) or not at all.</summary>
    internal static ProblemHttpResult NoPasswords(AuthOptions options, string what) =>
        options.IsNone
            ? NoAccounts(what)
            : TypedResults.Problem(statusCode: 404, title: "Not available",
                detail: $"{what} need Auth:Mode Local; this app signs users in with {options.Mode}, where an account is made at its first sign-in.");

    internal static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> Login(
        LoginRequest? request, HttpContext http, IOptions<AuthOptions> options, IOptions<LocalAuthOptions> local,
        LocalSignIn signIn, ApiTokens tokens, CancellationToken cancellationToken)
    {
        if (!options.Value.IsLocal)
        {
            return NoPasswords(options.Value, "Signing in with a password");
        }
        if (string.IsNullOrWhiteSpace(request?.Email) || string.IsNullOrEmpty(request.Password))
        {
            return Problem(400, "Invalid sign-in", "Send { \"email\", \"password\" }, both non-empty.");
        }
        if (await signIn.SignInAsync(request.Email, request.Password, cancellationToken) is not { } user)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problem(401, "Sign-in failed", LocalSignIn.FailureMessage);
        }
        var lifetime = TimeSpan.FromHours(local.Value.SignInHours);
        var issued = await tokens.IssueAsync(user.Id, ApiTokenKinds.SignIn, "sign-in", lifetime, cancellationToken);
        await http.SignInAsync(AuthSchemes.Cookie, AppClaims.Principal(user, AuthSchemes.Cookie));
        return TypedResults.Ok(new LoginResponse(issued.Token, issued.ExpiresAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Logout(
        HttpContext http, IOptions<AuthOptions> options, ApiTokens tokens, IAuditLog audit, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (options.Value.IsNone)
        {
            return NoAccounts("Signing out");
        }
        var user = http.User.RequireCurrentUser();
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith(ApiTokenAuthenticationHandler.BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            await tokens.RevokeTokenAsync(header[ApiTokenAuthenticationHandler.BearerPrefix.Length..].Trim(), cancellationToken);
        }
        await http.SignOutAsync(AuthSchemes.Cookie);
        await audit.AppendBestEffortAsync(AuditEntry.Create(time.GetUtcNow(), user.Name, AuditActions.SignOut, null, ""), loggers.CreateLogger(typeof(AuthApi)), cancellationToken);
        return TypedResults.NoContent();
    }

    private static Ok<MeDto> Me(HttpContext http, IOptions<AuthOptions> options)
    {
        var user = http.User.RequireCurrentUser();
        var mode = AuthOptions.Modes.FirstOrDefault(m => string.Equals(m, options.Value.Mode, StringComparison.OrdinalIgnoreCase)) ?? options.Value.Mode;
        return TypedResults.Ok(new MeDto(user.Id, user.Name, user.Role, mode));
    }

    /// <summary>
    /// The page's sign-out: a form post with an antiforgery token (checked here: the form is not bound to a parameter,
    /// which is what would make the framework check it); clears the cookie only (tokens stay valid).
    /// </summary>
    private static async Task<IResult> SignOutForm(
        HttpContext http, IAntiforgery antiforgery, IOptions<AuthOptions> options, IAuditLog audit, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (options.Value.IsNone)
        {
            return NoAccounts("Signing out");
        }
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Problem(400, "Bad request", "The sign-out form's antiforgery token is missing or wrong; reload the page and try again.");
        }
        var user = http.User.RequireCurrentUser();
        await http.SignOutAsync(AuthSchemes.Cookie);
        await audit.AppendBestEffortAsync(AuditEntry.Create(time.GetUtcNow(), user.Name, AuditActions.SignOut, null, ""), loggers.CreateLogger(typeof(AuthApi)), cancellationToken);
        return TypedResults.Redirect(ReturnUrls.SignInPath(null));
    }
}
