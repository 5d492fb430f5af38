using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using CodingAgent.Web.Access;
using CodingAgent.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodingAgent.Web.Api;

/// <summary>(added) Deleting and previewing a session's files (docs/api.md, Files).</summary>
public static class FilesApi
{
    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder api)
    {
        api.MapDelete("/sessions/{id:guid}/files/{name}", DeleteFile).ChangesSession();
        api.MapGet("/sessions/{id:guid}/files/{name}/preview", PreviewFile).ChangesSession();
        return api;
    }

    private static ProblemHttpResult FileNotFound(Guid id, string name) =>
        SessionsApi.Problem(404, "File not found", $"Session {id} has no file '{name}'.");

    /// <summary>
    /// Deletes every version of the file (and what was derived from it) from the list, the workspace and storage; 409
    /// while the session answers a question, whose code may be reading it.
    /// </summary>
    private static async Task<IResult> DeleteFile(Guid id, string name, System.Security.Claims.ClaimsPrincipal principal, ISessionRepository sessions, RunManager runs, WorkspaceFileService files, Audit.AuditRecorder audit, CancellationToken cancellationToken)
    {
        var fileName = WorkspaceFileService.ValidateName(name);
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            throw new SessionNotFoundException(id);
        }
        if (await runs.GetActiveRunIdAsync(id, cancellationToken) is { } runId)
        {
            return TypedResults.Problem(statusCode: 409, title: "A run is in progress",
                detail: $"The session is answering a question (run {runId}), whose code may be reading '{fileName}'; delete it when the answer is done, or cancel the run.",
                extensions: new Dictionary<string, object?> { ["runId"] = runId });
        }
        await audit.RequireAsync(principal.RequireCurrentUser(), Core.Audit.AuditActions.FileDeleted, id, fileName, cancellationToken);
        var deleted = await files.DeleteAsync(id, fileName, cancellationToken);
        return deleted.Count == 0 ? FileNotFound(id, fileName) : TypedResults.NoContent();
    }

    private static async Task<IResult> PreviewFile(Guid id, string name, FilePreviewService previews, CancellationToken cancellationToken)
    {
        try
        {
            return await previews.PreviewAsync(id, name, cancellationToken) is { } preview
                ? TypedResults.Ok(FilePreviewDto.From(preview))
                : FileNotFound(id, name);
        }
        catch (FilePreviewException ex)
        {
            return ex.Busy
                ? SessionsApi.Problem(409, "Kernel busy", ex.Message)
                : SessionsApi.Problem(422, "Not readable as a table", ex.Message);
        }
    }
}
