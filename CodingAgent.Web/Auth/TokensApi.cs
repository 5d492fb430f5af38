using CodingAgent.Core.Audit;
using CodingAgent.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CodingAgent.Web.Auth;

/// <summary>
/// (added) Personal access tokens for scripts (docs/api.md, Accounts): <c>POST /api/tokens</c>, <c>GET /api/tokens</c>,
/// <c>DELETE /api/tokens/{id}</c>. Every signed-in user, viewers too, may make them; each sees and revokes only their own.
/// </summary>
public static class TokensApi
{
    public const int DefaultExpiresInDays = 90;
    public const int MaxExpiresInDays = 365;

    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/tokens").WithTags("accounts");
        tokens.MapPost("", Create);
        tokens.MapGet("", List);
        tokens.MapDelete("/{id:guid}", Revoke);
        return app;
    }

    private static async Task<Results<Created<CreatedTokenDto>, ProblemHttpResult>> Create(
        CreateTokenRequest? request, HttpContext http, IOptions<AuthOptions> options, ApiTokens tokens, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.Value.IsNone)
        {
            return AuthApi.NoAccounts("Tokens");
        }
        var name = request?.Name?.Trim() ?? "";
        if (name.Length is 0 or > ApiTokenKinds.MaxNameLength)
        {
            return AuthApi.Problem(400, "Invalid name", $"name is required, at most {ApiTokenKinds.MaxNameLength} characters.");
        }
        var days = request?.ExpiresInDays ?? DefaultExpiresInDays;
        if (days is < 1 or > MaxExpiresInDays)
        {
            return AuthApi.Problem(400, "Invalid expiresInDays", $"expiresInDays must be a whole number from 1 to {MaxExpiresInDays} (default {DefaultExpiresInDays}).");
        }
        var user = http.User.RequireCurrentUser();
        var issued = await tokens.IssueAsync(user.Id, ApiTokenKinds.Personal, name, TimeSpan.FromDays(days), cancellationToken);
        await audit.RecordRequiredAsync(AuditEntry.Create(time.GetUtcNow(), user.Name, AuditActions.TokenCreated, null, $"{issued.Id} {name}"), cancellationToken);
        return TypedResults.Created($"/api/tokens/{issued.Id}", new CreatedTokenDto(issued.Id, issued.Token, name, issued.ExpiresAt));
    }

    private static async Task<Results<Ok<List<TokenDto>>, ProblemHttpResult>> List(
        HttpContext http, IOptions<AuthOptions> options, ApiTokens tokens, CancellationToken cancellationToken)
    {
        if (options.Value.IsNone)
        {
            return AuthApi.NoAccounts("Tokens");
        }
        var rows = await tokens.ListAsync(http.User.RequireCurrentUser().Id, ApiTokenKinds.Personal, cancellationToken);
        return TypedResults.Ok(rows.Select(t => new TokenDto(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        Guid id, HttpContext http, IOptions<AuthOptions> options, ApiTokens tokens, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.Value.IsNone)
        {
            return AuthApi.NoAccounts("Tokens");
        }
        var user = http.User.RequireCurrentUser();
        if (!await tokens.RevokeAsync(user.Id, id, cancellationToken))
        {
            return AuthApi.Problem(404, "Token not found", "You have no such token that is not revoked yet.");
        }
        await audit.RecordRequiredAsync(AuditEntry.Create(time.GetUtcNow(), user.Name, AuditActions.TokenRevoked, null, id.ToString()), cancellationToken);
        return TypedResults.NoContent();
    }
}
