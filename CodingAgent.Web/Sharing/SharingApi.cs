using System.Security.Claims;
using CodingAgent.Core.Audit;
using CodingAgent.Web.Access;
using CodingAgent.Web.Api;
using CodingAgent.Web.Audit;
using CodingAgent.Web.Auth;
using CodingAgent.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

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

    private static IResult? NeedsSignIn(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.IsNone
            ? SessionsApi.Problem(400, "Sharing needs sign-in", "sharing needs sign-in (Auth:Mode Local or Oidc): in mode None there is only the local user.")
            : null;

    private static async Task<IResult> AddAsync(string kind, Guid id, ShareRequest? request, ClaimsPrincipal principal, HttpContext context)
    {
        if (NeedsSignIn(context) is { } refusal)
        {
            return refusal;
        }
        var email = request?.Email?.Trim() ?? "";
        if (email.Length == 0)
        {
            return SessionsApi.Problem(400, "No e-mail", "Send the e-mail address of the user to share with as 'email'.");
        }
        var services = context.RequestServices;
        var cancellationToken = context.RequestAborted;
        var user = principal.RequireCurrentUser();
        var target = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        if (target is null)
        {
            return SessionsApi.Problem(404, "No such user", $"There is no user with the e-mail address '{email}'.");
        }
        if (target.Id == user.Id)
        {
            return SessionsApi.Problem(400, "Shared with yourself", "You own it already; share it with someone else.");
        }
        await services.GetRequiredService<AuditRecorder>().RequireAsync(user, AuditActions.ShareAdded,
            kind == ShareKinds.Session ? id : null, $"{kind} {id} with {target.Id}", cancellationToken);
        await services.GetRequiredService<ShareStore>().AddAsync(kind, id, target.Id, cancellationToken);
        return TypedResults.Created($"/api/{kind}s/{id}/shares/{target.Id}", new ShareGrant(target.Email ?? email, target.Id));
    }

    private static async Task<IResult> ListAsync(string kind, Guid id, ShareStore shares, CancellationToken cancellationToken) =>
        TypedResults.Ok(await shares.ListAsync(kind, id, cancellationToken));

    private static async Task<IResult> RemoveAsync(string kind, Guid id, string userId, ClaimsPrincipal principal, HttpContext context)
    {
        var services = context.RequestServices;
        var cancellationToken = context.RequestAborted;
        var shares = services.GetRequiredService<ShareStore>();
        if (!await shares.IsSharedWithAsync(kind, id, userId, cancellationToken))
        {
            return SessionsApi.Problem(404, "Not shared", $"The {kind} is not shared with user '{userId}'.");
        }
        await services.GetRequiredService<AuditRecorder>().RequireAsync(principal.RequireCurrentUser(), AuditActions.ShareRemoved,
            kind == ShareKinds.Session ? id : null, $"{kind} {id} with {userId}", cancellationToken);
        await shares.RemoveAsync(kind, id, userId, cancellationToken);
        return TypedResults.NoContent();
    }
}
