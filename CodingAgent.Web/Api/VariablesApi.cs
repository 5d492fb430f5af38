using CodingAgent.Core.Ports;
using CodingAgent.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodingAgent.Web.Api;

/// <summary><c>GET /api/sessions/{id}/variables</c>: the live variables of the session's kernel (docs/api.md).</summary>
public static class VariablesApi
{
    public static RouteGroupBuilder MapVariablesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sessions/{id:guid}/variables", GetVariables).ChangesSession();
        return api;
    }

    private static async Task<Results<Ok<VariablesDto>, ProblemHttpResult>> GetVariables(Guid id, ISessionRepository sessions, ISandboxPool sandboxes, CancellationToken cancellationToken)
    {
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            return SessionsApi.Problem(404, "Session not found", $"There is no session {id}.");
        }
        return TypedResults.Ok(VariablesDto.From(await sandboxes.InspectSessionAsync(id, cancellationToken)));
    }
}
