using System.Security.Claims;
using CodingAgent.Web.Access;
using CodingAgent.Web.Api;
using CodingAgent.Web.Auth;

namespace CodingAgent.Web.Sharing;

/// <summary>
/// Sharing a session or a dashboard read-only with named users (docs/api.md, Sharing): <c>POST …/shares</c>,
/// <c>GET …/shares</c>, <c>DELETE …/shares/{userId}</c>, for the owner only.
/// </summary>
public static class SharingApi
{
    public static RouteGroupBuilder MapSharingApi(this RouteGroupBuilder api) =>
        api.MapShares("/sessions/{id:guid}/shares", ShareKinds.Session, route => route.ChangesSession());

    public static RouteGroupBuilder MapDashboardSharingApi(this RouteGroupBuilder dashboards) =>
        dashboards.MapShares("/{id:guid}/shares", ShareKinds.Dashboard, route => route.ChangesDashboard());

    /// <summary>The three routes of <paramref name="kind"/> under <paramref name="path"/>, each for the owner only (<paramref name="ownerOnly"/>).</summary>
    private static RouteGroupBuilder MapShares(this RouteGroupBuilder group, string path, string kind, Func<RouteHandlerBuilder, RouteHandlerBuilder> ownerOnly)
    {
        ownerOnly(group.MapPost(path, (Guid id, ShareRequest? request, ClaimsPrincipal principal, HttpContext context) =>
            AddAsync(kind, id, request, principal, context)));
        ownerOnly(group.MapGet(path, (Guid id, ShareStore shares, CancellationToken cancellationToken) =>
            ListAsync(kind, id, shares, cancellationToken)));
        ownerOnly(group.MapDelete(path + "/{userId}", (Guid id, string userId, ClaimsPrincipal principal, HttpContext context) =>
            RemoveAsync(kind, id, userId, principal, context)));
        return group;
    }

    private static async Task<IResult> AddAsync(string kind, Guid id, ShareRequest? request, ClaimsPrincipal principal, HttpContext context)
    {
        var outcome = await context.RequestServices.GetRequiredService<ShareChanges>()
            .AddAsync(kind, id, request?.Email, principal.RequireCurrentUser(), context.RequestAborted);
        return outcome is { Grant: { } grant }
            ? TypedResults.Created($"/api/{kind}s/{id}/shares/{grant.UserId}", grant)
            : Problem(outcome.Refusal!);
    }

    private static async Task<IResult> ListAsync(string kind, Guid id, ShareStore shares, CancellationToken cancellationToken) =>
        TypedResults.Ok(await shares.ListAsync(kind, id, cancellationToken));

    private static async Task<IResult> RemoveAsync(string kind, Guid id, string userId, ClaimsPrincipal principal, HttpContext context) =>
        await context.RequestServices.GetRequiredService<ShareChanges>()
            .RemoveAsync(kind, id, userId, principal.RequireCurrentUser(), context.RequestAborted) is { } refusal
            ? Problem(refusal)
            : TypedResults.NoContent();

    private static IResult Problem(ShareRefusal refusal) => SessionsApi.Problem(refusal.Status, refusal.Title, refusal.Detail);
}
