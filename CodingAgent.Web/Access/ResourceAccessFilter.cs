using CodingAgent.Core.Users;
using CodingAgent.Web.Auth;

namespace CodingAgent.Web.Access;

/// <summary>
/// Runs before a route's handler: the route's <c>{id}</c> must name a <see cref="ResourceKind"/> the signed-in user may
/// see (else 404, the same problem as for an unknown id) and, for <see cref="AccessLevel.Write"/>, may change (else 403).
/// </summary>
internal sealed class ResourceAccessFilter(ResourceKind kind, AccessLevel level) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var user = http.User.RequireCurrentUser();
        var raw = http.Request.RouteValues["id"]?.ToString();
        var verdict = Guid.TryParse(raw, out var id)
            ? await CheckAsync(http.RequestServices, id, user, http.RequestAborted)
            : AccessVerdict.NotFound;
        return verdict switch
        {
            AccessVerdict.Allowed => await next(context),
            AccessVerdict.Forbidden => ResourceProblems.Forbidden(kind, user),
            _ => ResourceProblems.NotFound(kind, raw ?? ""),
        };
    }

    private Task<AccessVerdict> CheckAsync(IServiceProvider services, Guid id, CurrentUser user, CancellationToken cancellationToken) => kind switch
    {
        ResourceKind.Session => services.GetRequiredService<SessionAccess>().CheckAsync(id, user, level, cancellationToken),
        ResourceKind.Dashboard => services.GetRequiredService<DashboardAccess>().CheckAsync(id, user, level, cancellationToken),
        _ => level == AccessLevel.Read
            ? services.GetRequiredService<ArtifactAccess>().CheckReadAsync(id, user, cancellationToken)
            : throw new InvalidOperationException("Artifacts are only read through their own routes."),
    };
}
