using CodingAgent.Core.Dashboards;
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
        api.MapGet("/{id:guid}", Get);
        api.MapPatch("/{id:guid}", Rename);
        api.MapDelete("/{id:guid}", Delete);
        api.MapPost("/{id:guid}/tiles", Pin);
        api.MapDelete("/{id:guid}/tiles/{tileId:guid}", RemoveTile);
        api.MapPost("/{id:guid}/refresh", RefreshAll);
        api.MapPost("/{id:guid}/tiles/{tileId:guid}/refresh", RefreshTile);
        return app;
    }

    private static async Task<IResult> Create(DashboardNameRequest? request, DashboardService dashboards, CancellationToken cancellationToken) =>
        await Refusable(async () =>
        {
            var dashboard = await dashboards.CreateAsync(request?.Name, cancellationToken);
            return TypedResults.Created($"/api/dashboards/{dashboard.Id}", DashboardDto.From(dashboard, []));
        });

    private static async Task<Ok<List<DashboardSummaryDto>>> List(DashboardService dashboards, CancellationToken cancellationToken) =>
        TypedResults.Ok((await dashboards.ListAsync(cancellationToken)).Select(DashboardSummaryDto.From).ToList());

    private static async Task<IResult> Get(Guid id, DashboardService dashboards, CancellationToken cancellationToken) =>
        await Refusable(async () => TypedResults.Ok(await DescribeAsync(dashboards, id, cancellationToken)));

    private static async Task<IResult> Rename(Guid id, DashboardNameRequest? request, DashboardService dashboards, CancellationToken cancellationToken) =>
        await Refusable(async () =>
        {
            await dashboards.RenameAsync(id, request?.Name, cancellationToken);
            return TypedResults.Ok(await DescribeAsync(dashboards, id, cancellationToken));
        });

    private static async Task<IResult> Delete(Guid id, DashboardService dashboards, CancellationToken cancellationToken) =>
        await Refusable(async () =>
        {
            await dashboards.DeleteAsync(id, cancellationToken);
            return TypedResults.NoContent();
        });

    private static async Task<IResult> Pin(Guid id, PinRequest? request, DashboardService dashboards, CancellationToken cancellationToken)
    {
        if (request?.ArtifactId is not { } artifactId)
        {
            return SessionsApi.Problem(400, "No artifact", "Send the id of the chart or table to pin as 'artifactId'.");
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
    private static async Task<IResult> RefreshAll(Guid id, DashboardService dashboards, DashboardRefresher refresher, CancellationToken cancellationToken) =>
        await Refusable(async () =>
        {
            var (dashboard, _) = await dashboards.GetAsync(id, cancellationToken);
            var tiles = await refresher.RefreshAllAsync(id, cancellationToken);
            return TypedResults.Ok(DashboardDto.From(dashboard, tiles));
        });

    private static async Task<IResult> RefreshTile(Guid id, Guid tileId, DashboardService dashboards, DashboardRefresher refresher, CancellationToken cancellationToken) =>
        await Refusable(async () =>
        {
            _ = await dashboards.GetAsync(id, cancellationToken);
            var tile = await refresher.RefreshTileAsync(id, tileId, cancellationToken)
                ?? throw new DashboardException(DashboardProblem.TileNotFound, $"Dashboard {id} has no tile {tileId}.");
            return TypedResults.Ok(DashboardTileDto.From(tile));
        });

    private static async Task<DashboardDto> DescribeAsync(DashboardService dashboards, Guid id, CancellationToken cancellationToken)
    {
        var (dashboard, tiles) = await dashboards.GetAsync(id, cancellationToken);
        return DashboardDto.From(dashboard, tiles);
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
