using CodingAgent.Core.Dashboards;
using System.Security.Claims;
using CodingAgent.Core.Users;
using CodingAgent.Web.Access;
using CodingAgent.Web.Auth;
using CodingAgent.Web.Sharing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodingAgent.Web.Api.Dashboards;

/// <summary>Dashboards: named pages of pinned charts and tables that can be recomputed (docs/api.md, Dashboards).</summary>
public static class DashboardsApi
{
    public static IEndpointRouteBuilder MapDashboardsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dashboards").WithTags("dashboards");
        api.MapPost("", Create);
        api.MapGet("", List);
        api.MapGet("/{id:guid}", Get).ReadsDashboard();
        api.MapPatch("/{id:guid}", Rename).ChangesDashboard();
        api.MapDelete("/{id:guid}", Delete).ChangesDashboard();
        api.MapPost("/{id:guid}/tiles", Pin).ChangesDashboard();
        api.MapDelete("/{id:guid}/tiles/{tileId:guid}", RemoveTile).ChangesDashboard();
        api.MapPost("/{id:guid}/refresh", RefreshAll).ChangesDashboard();
        api.MapPost("/{id:guid}/tiles/{tileId:guid}/refresh", RefreshTile).ChangesDashboard();
        api.MapDashboardSharingApi();
        return app;
    }

    private static async Task<IResult> Create(DashboardNameRequest? request, ClaimsPrincipal principal, DashboardService dashboards, CancellationToken cancellationToken)
    {
        var user = principal.RequireCurrentUser();
        if (!user.CanRunCode)
        {
            return ResourceProblems.RunsNothing();
        }
        return await Refusable(async () =>
        {
            var dashboard = await dashboards.CreateAsync(request?.Name, user, cancellationToken);
            return TypedResults.Created($"/api/dashboards/{dashboard.Id}", DashboardDto.From(dashboard, [], user));
        });
    }

    private static async Task<Ok<List<DashboardSummaryDto>>> List(ClaimsPrincipal principal, DashboardService dashboards, CancellationToken cancellationToken)
    {
        var user = principal.RequireCurrentUser();
        return TypedResults.Ok((await dashboards.ListAsync(user, cancellationToken)).Select(d => DashboardSummaryDto.From(d, user)).ToList());
    }

    private static async Task<IResult> Get(Guid id, ClaimsPrincipal principal, DashboardService dashboards, CancellationToken cancellationToken) =>
        await Refusable(async () => TypedResults.Ok(await DescribeAsync(dashboards, id, principal.RequireCurrentUser(), cancellationToken)));

    private static async Task<IResult> Rename(Guid id, DashboardNameRequest? request, ClaimsPrincipal principal, DashboardService dashboards, CancellationToken cancellationToken) =>
        await Refusable(async () =>
        {
            await dashboards.RenameAsync(id, request?.Name, cancellationToken);
            return TypedResults.Ok(await DescribeAsync(dashboards, id, principal.RequireCurrentUser(), cancellationToken));
        });

    private static async Task<IResult> Delete(Guid id, DashboardService dashboards, ShareStore shares, CancellationToken cancellationToken) =>
        await Refusable(async () =>
        {
            await dashboards.DeleteAsync(id, cancellationToken);
            await shares.RemoveAllAsync(ShareKinds.Dashboard, id, cancellationToken);
            return TypedResults.NoContent();
        });

    /// <summary>Pins a chart or table of one of the caller's own sessions (a refresh runs its code there).</summary>
    private static async Task<IResult> Pin(Guid id, PinRequest? request, ClaimsPrincipal principal, DashboardService dashboards, ArtifactAccess artifacts, CancellationToken cancellationToken)
    {
        if (request?.ArtifactId is not { } artifactId)
        {
            return SessionsApi.Problem(400, "No artifact", "Send the id of the chart or table to pin as 'artifactId'.");
        }
        var user = principal.RequireCurrentUser();
        switch (await artifacts.CheckOwnedAsync(artifactId, user, cancellationToken))
        {
            case AccessVerdict.NotFound:
                return ResourceProblems.NotFound(ResourceKind.Artifact, artifactId.ToString());
            case AccessVerdict.Forbidden:
                return SessionsApi.Problem(403, "Not your artifact", "Only charts and tables of your own sessions can be pinned: a dashboard's refresh runs their code.");
        }
        return await Refusable(async () =>
        {
            var tile = await dashboards.PinAsync(id, artifactId, request.Title, cancellationToken);
            return TypedResults.Created($"/api/dashboards/{id}", DashboardTileDto.From(tile));
        });
    }

    private static async Task<IResult> RemoveTile(Guid id, Guid tileId, DashboardService dashboards, CancellationToken cancellationToken) =>
        await Refusable(async () =>
        {
            await dashboards.RemoveTileAsync(id, tileId, cancellationToken);
            return TypedResults.NoContent();
        });

    /// <summary>Recomputes every tile, one at a time, and answers with the dashboard as it is afterwards.</summary>
    private static async Task<IResult> RefreshAll(Guid id, ClaimsPrincipal principal, DashboardService dashboards, DashboardRefresher refresher, CancellationToken cancellationToken) =>
        await Refusable(async () =>
        {
            var (dashboard, _) = await dashboards.GetAsync(id, cancellationToken);
            var tiles = await refresher.RefreshAllAsync(id, cancellationToken);
            return TypedResults.Ok(DashboardDto.From(dashboard, tiles, principal.RequireCurrentUser()));
        });

    private static async Task<IResult> RefreshTile(Guid id, Guid tileId, DashboardService dashboards, DashboardRefresher refresher, CancellationToken cancellationToken) =>
        await Refusable(async () =>
        {
            _ = await dashboards.GetAsync(id, cancellationToken);
            var tile = await refresher.RefreshTileAsync(id, tileId, cancellationToken)
                ?? throw new DashboardException(DashboardProblem.TileNotFound, $"Dashboard {id} has no tile {tileId}.");
            return TypedResults.Ok(DashboardTileDto.From(tile));
        });

    private static async Task<DashboardDto> DescribeAsync(DashboardService dashboards, Guid id, CurrentUser viewer, CancellationToken cancellationToken)
    {
        var (dashboard, tiles) = await dashboards.GetAsync(id, cancellationToken);
        return DashboardDto.From(dashboard, tiles, viewer);
    }

    /// <summary>Runs a request whose refusals are <see cref="DashboardException"/>s and answers those as RFC 9457 problems.</summary>
    private static async Task<IResult> Refusable(Func<Task<IResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (DashboardException ex)
        {
            return ex.Problem switch
            {
                DashboardProblem.DashboardNotFound => SessionsApi.Problem(404, "Dashboard not found", ex.Message),
                DashboardProblem.TileNotFound => SessionsApi.Problem(404, "Tile not found", ex.Message),
                DashboardProblem.ArtifactNotFound => SessionsApi.Problem(404, "Artifact not found", ex.Message),
                DashboardProblem.NotPinnable => SessionsApi.Problem(400, "Not a chart or table", ex.Message),
                DashboardProblem.InvalidTitle => SessionsApi.Problem(400, "Invalid title", ex.Message),
                _ => SessionsApi.Problem(400, "Invalid name", ex.Message),
            };
        }
    }
}
