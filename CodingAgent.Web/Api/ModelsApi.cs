using CodingAgent.Core.Agent;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using CodingAgent.Web.Access;
using CodingAgent.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodingAgent.Web.Api;

/// <summary>The configured models and a session's choice among them (added; docs/api.md, Models).</summary>
public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/models", ListModels).WithTags("models");
        api.MapPut("/sessions/{id:guid}/model", SetSessionModel).ChangesSession();
        return api;
    }

    /// <summary>The model id to store (null: the default), or the problem that refuses <paramref name="model"/>.</summary>
    internal static (string? Id, ProblemHttpResult? Problem) Validate(string? model, IModelCatalog models)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return (null, null);
        }
        var id = model.Trim();
        if (models.Find(id) is { } found)
        {
            return (found.Id, null);
        }
        var detail = models.Models.Count == 0
            ? $"There is no model '{id}': no model is configured."
            : $"There is no model '{id}'; use one of: {string.Join(", ", models.Models.Select(m => m.Id))} (GET /api/models), or null for the default.";
        return (null, SessionsApi.Problem(400, "Unknown model", detail));
    }

    private static Ok<ModelsDto> ListModels(IModelCatalog models) =>
        TypedResults.Ok(new ModelsDto(models.Find(null)?.Id, [.. models.Models.Select(ModelDto.From)]));

    private static async Task<Results<Ok<SessionDto>, ProblemHttpResult>> SetSessionModel(
        Guid id, SetSessionModelRequest? request, System.Security.Claims.ClaimsPrincipal principal, IModelCatalog models, ISessionRepository sessions, RunManager runs, CancellationToken cancellationToken)
    {
        var (model, problem) = Validate(request?.Model, models);
        if (problem is not null)
        {
            return problem;
        }
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            return SessionsApi.SessionNotFound(id);
        }
        await sessions.SetSessionModelAsync(id, model, cancellationToken);
        return await sessions.GetSessionAsync(id, cancellationToken) is { } changed
            ? TypedResults.Ok(SessionDto.From(changed, await runs.GetActiveRunIdAsync(id, cancellationToken), principal.RequireCurrentUser()))
            : SessionsApi.SessionNotFound(id);
    }
}
