using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using CodingAgent.Web.Access;
using CodingAgent.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodingAgent.Web.Api;

/// <summary>Renaming a session (<c>PATCH /api/sessions/{id}</c>, added after the first release; docs/api.md).</summary>
public static class SessionTitlesApi
{
    public static RouteGroupBuilder MapSessionTitlesApi(this RouteGroupBuilder api)
    {
        api.MapPatch("/sessions/{id:guid}", RenameSession).ChangesSession();
        return api;
    }

    /// <summary>The title on one line, or the problem that refuses it.</summary>
    internal static (string Title, ProblemHttpResult? Problem) Validate(string? title)
    {
        var clean = SessionTitles.Clean(title);
        if (clean.Length == 0)
        {
            return (clean, SessionsApi.Problem(400, "Invalid title", "The title is empty; send a title of 1 to 200 characters."));
        }
        if (clean.Length > SessionTitles.MaxLength)
        {
            return (clean, SessionsApi.Problem(400, "Invalid title", $"The title is longer than {SessionTitles.MaxLength} characters."));
        }
        return (clean, null);
    }

    private static async Task<Results<Ok<SessionDto>, ProblemHttpResult>> RenameSession(Guid id, RenameSessionRequest? request, System.Security.Claims.ClaimsPrincipal principal, ISessionRepository sessions, RunManager runs, CancellationToken cancellationToken)
    {
        var (title, problem) = Validate(request?.Title);
        if (problem is not null)
        {
            return problem;
        }
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            return SessionsApi.Problem(404, "Session not found", $"There is no session {id}.");
        }
        await sessions.RenameSessionAsync(id, title, cancellationToken);
        return await sessions.GetSessionAsync(id, cancellationToken) is { } renamed
            ? TypedResults.Ok(SessionDto.From(renamed, await runs.GetActiveRunIdAsync(id, cancellationToken), principal.RequireCurrentUser()))
            : SessionsApi.Problem(404, "Session not found", $"There is no session {id}.");
    }
}
