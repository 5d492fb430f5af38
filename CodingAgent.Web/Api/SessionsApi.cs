using CodingAgent.Core.Artifacts;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using CodingAgent.Web.Api.Dashboards;
using CodingAgent.Web.Audit;
using CodingAgent.Web.Access;
using CodingAgent.Web.Auth;
using CodingAgent.Web.Export;
using CodingAgent.Web.Sharing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodingAgent.Web.Api;

/// <summary>The public REST + SSE contract (docs/api.md). Change it only additively.</summary>
public static class SessionsApi
{

    /// <summary>The longest search text (<c>GET /api/sessions?q=</c>).</summary>
    public const int MaxSearchLength = 200;

    public static IEndpointRouteBuilder MapCodingAgentApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithTags("health").AllowAnonymous();
        app.MapGet("/healthz/ready", Ready).WithTags("health").AllowAnonymous();

        var api = app.MapGroup("/api").WithTags("sessions");
        api.MapPost("/sessions", CreateSession);
        api.MapGet("/sessions", ListSessions);
        api.MapGet("/sessions/{id:guid}", GetSession).ReadsSession();
        api.MapDelete("/sessions/{id:guid}", DeleteSession).ChangesSession();
        api.MapSessionTitlesApi();
        api.MapModelsApi();

        api.MapPost("/sessions/{id:guid}/files", UploadFiles).DisableAntiforgery().ChangesSession();
        api.MapGet("/sessions/{id:guid}/files", ListFiles).ReadsSession();
        api.MapGet("/sessions/{id:guid}/files/{name}", DownloadFile).ReadsSession();
        api.MapGet("/sessions/{id:guid}/files/{name}/versions", ListFileVersions).ReadsSession();
        api.MapFilesApi();
        api.MapProfilesApi();

        api.MapPost("/sessions/{id:guid}/query", Query).ChangesSession();
        api.MapGet("/sessions/{id:guid}/messages", ListMessages).ReadsSession();
        api.MapGet("/sessions/{id:guid}/artifacts", ListArtifacts).ReadsSession();
        api.MapGet("/sessions/{id:guid}/runs/{runId:guid}", GetRun).ReadsSession();
        api.MapGet("/sessions/{id:guid}/runs/{runId:guid}/events", FollowRun).ReadsSession();
        api.MapPost("/sessions/{id:guid}/runs/{runId:guid}/cancel", CancelRun).ChangesSession();
        api.MapVariablesApi();
        api.MapSharingApi();

        api.MapGet("/artifacts/{id:guid}", GetArtifact).ReadsArtifact();
        api.MapGet("/artifacts/{id:guid}/content", GetArtifactContent).ReadsArtifact();
        app.MapDashboardsApi();
        api.MapSessionExport();
        api.MapAuditApi();
        app.MapAuthApi();
        return app;
    }

    internal static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>Readiness: 200 when every dependency answers, else 503 saying which failed and why (<c>checks</c> lists each).</summary>
    private static async Task<Results<Ok<ReadinessDto>, ProblemHttpResult>> Ready(IEnumerable<IDependencyCheck> dependencies, CancellationToken cancellationToken)
    {
        var checks = await Health.Readiness.CheckAllAsync(dependencies, cancellationToken);
        var failed = checks.Where(c => c.Value.Status != "ready").ToList();
        if (failed.Count == 0)
        {
            return TypedResults.Ok(new ReadinessDto("ready", checks));
        }
        var title = failed.Count == 1 && failed[0].Key == "sandbox" ? "Sandbox not ready" : "Not ready";
        return TypedResults.Problem(statusCode: 503, title: title,
            detail: string.Join(" ", failed.Select(f => $"{f.Key}: {f.Value.Problem}")),
            extensions: new Dictionary<string, object?> { ["checks"] = checks });
    }

    internal static ProblemHttpResult SessionNotFound(Guid id) => Problem(404, "Session not found", $"There is no session {id}.");

    private static async Task<Results<Created<SessionDto>, ProblemHttpResult>> CreateSession(
        CreateSessionRequest? request, System.Security.Claims.ClaimsPrincipal principal, ISessionRepository sessions, Core.Agent.IModelCatalog models, CancellationToken cancellationToken)
    {
        var user = principal.RequireCurrentUser();
        if (!user.CanRunCode)
        {
            return ResourceProblems.RunsNothing();
        }
        var title = request?.Title?.Trim() ?? "";
        if (title.Length > 200)
        {
            return Problem(400, "Invalid title", "The title is longer than 200 characters.");
        }
        var (model, problem) = ModelsApi.Validate(request?.Model, models);
        if (problem is not null)
        {
            return problem;
        }
        var session = await sessions.CreateSessionAsync(title, user.Id, cancellationToken);
        if (model is not null)
        {
            await sessions.SetSessionModelAsync(session.Id, model, cancellationToken);
            session.Model = model;
        }
        return TypedResults.Created($"/api/sessions/{session.Id}", SessionDto.From(session, null, user));
    }

    private static async Task<Results<Ok<List<SessionDto>>, ProblemHttpResult>> ListSessions(string? q, System.Security.Claims.ClaimsPrincipal principal, ISessionRepository sessions, RunManager runs, CancellationToken cancellationToken)
    {
        var user = principal.RequireCurrentUser();
        var search = q?.Trim() ?? "";
        if (search.Length > MaxSearchLength)
        {
            return Problem(400, "Invalid search", $"The search text (q) is longer than {MaxSearchLength} characters.");
        }
        var active = await runs.ActiveRunsAsync(cancellationToken);
        var found = search.Length == 0 ? await sessions.ListSessionsAsync(user.Id, cancellationToken) : await sessions.SearchSessionsAsync(user.Id, search, cancellationToken);
        return TypedResults.Ok(found.Select(s => SessionDto.From(s, active.TryGetValue(s.Id, out var run) ? run : null, user)).ToList());
    }

    private static async Task<Results<Ok<SessionDto>, ProblemHttpResult>> GetSession(Guid id, System.Security.Claims.ClaimsPrincipal principal, ISessionRepository sessions, RunManager runs, CancellationToken cancellationToken)
    {
        if (await sessions.GetSessionAsync(id, cancellationToken) is not { } session)
        {
            return SessionNotFound(id);
        }
        var used = await sessions.SumTokensAsync(id, null, null, cancellationToken);
        return TypedResults.Ok(SessionDto.From(session, await runs.GetActiveRunIdAsync(id, cancellationToken), principal.RequireCurrentUser()) with
        {
            Usage = new UsageDto(used.Input, used.Output, used.Cost),
        });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSession(Guid id, System.Security.Claims.ClaimsPrincipal principal, SessionDeletion deletion, CancellationToken cancellationToken) =>
        await deletion.DeleteAsync(id, principal.RequireCurrentUser(), cancellationToken) ? TypedResults.NoContent() : SessionNotFound(id);

    private static async Task<Results<Created<List<UploadedFileDto>>, ProblemHttpResult>> UploadFiles(Guid id, HttpRequest request, System.Security.Claims.ClaimsPrincipal principal, ISessionRepository sessions, WorkspaceFileService files, Audit.AuditRecorder audit, StorageQuota quota, CancellationToken cancellationToken)
    {
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            return SessionNotFound(id);
        }
        // the upload endpoint's own body limit: the largest allowed file plus the multipart framing
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = files.MaxUploadBytes + 64 * 1024;
        }
        if (!request.HasFormContentType)
        {
            return Problem(400, "Invalid upload", "Send the files as multipart/form-data in the field 'file'.");
        }
        var form = await request.ReadFormAsync(cancellationToken);
        var uploads = form.Files.GetFiles("file");
        if (uploads.Count == 0)
        {
            return Problem(400, "No file", "The request has no file in the multipart field 'file'.");
        }
        foreach (var upload in uploads)
        {
            WorkspaceFileService.ValidateName(upload.FileName);
            if (upload.Length > files.MaxUploadBytes)
            {
                throw new FileTooLargeException(files.MaxUploadBytes);
            }
        }
        await quota.EnsureRoomAsync(id, uploads.Sum(u => u.Length), cancellationToken);
        var saved = new List<UploadedFileDto>();
        foreach (var upload in uploads)
        {
            await audit.RequireAsync(principal.RequireCurrentUser(), Core.Audit.AuditActions.Upload, id, $"{upload.FileName} ({upload.Length} bytes)", cancellationToken);
            await using var stream = upload.OpenReadStream();
            saved.Add(UploadedFileDto.From(await files.UploadAsync(id, upload.FileName, stream, cancellationToken)));
        }
        return TypedResults.Created($"/api/sessions/{id}/files", saved);
    }

    private static async Task<Results<Ok<List<FileDto>>, ProblemHttpResult>> ListFiles(Guid id, ISessionRepository sessions, CancellationToken cancellationToken)
    {
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            return SessionNotFound(id);
        }
        return TypedResults.Ok((await sessions.ListFilesAsync(id, cancellationToken)).Select(FileDto.From).ToList());
    }

    private static async Task<Results<Ok<List<FileDto>>, ProblemHttpResult>> ListFileVersions(Guid id, string name, ISessionRepository sessions, CancellationToken cancellationToken)
    {
        var fileName = WorkspaceFileService.ValidateName(name);
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            return SessionNotFound(id);
        }
        var versions = await sessions.ListFileVersionsAsync(id, fileName, cancellationToken);
        return versions.Count == 0
            ? Problem(404, "File not found", $"Session {id} has no file '{fileName}'.")
            : TypedResults.Ok(versions.Select(FileDto.From).ToList());
    }

    private static async Task<IResult> DownloadFile(Guid id, string name, int? version, System.Security.Claims.ClaimsPrincipal principal, WorkspaceFileService files, Audit.AuditRecorder audit, CancellationToken cancellationToken)
    {
        if (version is < 1)
        {
            return Problem(400, "Invalid version", "version must be 1 or more.");
        }
        if (await files.OpenAsync(id, name, version, cancellationToken) is not { } opened)
        {
            return Problem(404, "File not found", version is null ? $"Session {id} has no file '{name}'." : $"Session {id} has no version {version} of '{name}'.");
        }
        try
        {
            await audit.RequireAsync(principal.RequireCurrentUser(), Core.Audit.AuditActions.Download, id, $"{opened.File.Name} (version {opened.File.Version})", cancellationToken);
        }
        catch
        {
            await opened.Content.DisposeAsync();
            throw;
        }
        return TypedResults.Stream(opened.Content, ContentTypes.For(name), name,
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{opened.File.Sha256}\""), enableRangeProcessing: true);
    }

    private static async Task<IResult> Query(Guid id, QueryRequest? request, System.Security.Claims.ClaimsPrincipal principal, RunManager runs, RunFollower follower, HttpContext context, CancellationToken cancellationToken)
    {
        // an invalid question (400), an unknown session (404) or a run already in progress (409) become problems in ProblemExceptionHandler
        var run = await runs.StartAsync(id, request?.Message, principal.RequireCurrentUser(), cancellationToken);
        // the run goes on when this client disconnects; only the stream stops
        await ServerSentEvents.StreamAsync(context, run.RunId, follower.FollowAsync(run.RunId, 0, cancellationToken), cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Results<Ok<List<MessageDto>>, ProblemHttpResult>> ListMessages(Guid id, ISessionRepository sessions, CancellationToken cancellationToken)
    {
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            return SessionNotFound(id);
        }
        var messages = await sessions.ListMessagesAsync(id, cancellationToken);
        var artifacts = (await sessions.ListArtifactsAsync(id, cancellationToken)).ToLookup(a => a.StepId);
        return TypedResults.Ok(messages.Select(m => MessageDto.From(m, artifacts)).ToList());
    }

    private static async Task<Results<Ok<List<ArtifactDto>>, ProblemHttpResult>> ListArtifacts(Guid id, ISessionRepository sessions, CancellationToken cancellationToken)
    {
        if (await sessions.GetSessionAsync(id, cancellationToken) is null)
        {
            return SessionNotFound(id);
        }
        return TypedResults.Ok((await sessions.ListArtifactsAsync(id, cancellationToken)).Select(ArtifactDto.From).ToList());
    }

    private static ProblemHttpResult RunNotFound(Guid id, Guid runId) =>
        Problem(404, "Run not found", $"Session {id} has no run {runId}.");

    private static async Task<Results<Ok<RunDto>, ProblemHttpResult>> GetRun(Guid id, Guid runId, ISessionRepository sessions, CancellationToken cancellationToken) =>
        await sessions.GetRunAsync(runId, cancellationToken) is { } run && run.SessionId == id
            ? TypedResults.Ok(RunDto.From(run))
            : RunNotFound(id, runId);

    /// <summary>The run's events from any instance: those after <c>Last-Event-ID</c> (all without it), then live ones until <c>done</c>.</summary>
    private static async Task<IResult> FollowRun(Guid id, Guid runId, ISessionRepository sessions, RunFollower follower, HttpContext context, CancellationToken cancellationToken)
    {
        if (!ServerSentEvents.TryGetLastEventId(context.Request, out var lastEventId))
        {
            return Problem(400, "Invalid Last-Event-ID", "Last-Event-ID (or lastEventId) must be the id of an event of this run: a whole number, 0 or more.");
        }
        if (await sessions.GetRunAsync(runId, cancellationToken) is not { } run || run.SessionId != id)
        {
            return RunNotFound(id, runId);
        }
        await ServerSentEvents.StreamAsync(context, runId, follower.FollowAsync(runId, lastEventId, cancellationToken), cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Results<Accepted<RunDto>, ProblemHttpResult>> CancelRun(Guid id, Guid runId, RunManager runs, ISessionRepository sessions, CancellationToken cancellationToken) =>
        await runs.CancelAsync(id, runId, cancellationToken) switch
        {
            CancelOutcome.NotFound => RunNotFound(id, runId),
            CancelOutcome.AlreadyFinished => Problem(409, "Run already finished", $"Run {runId} has already finished."),
            _ => TypedResults.Accepted($"/api/sessions/{id}/runs/{runId}", new RunDto(runId, id, false, RunStatuses.Running)),
        };

    private static async Task<Results<Ok<ArtifactDto>, ProblemHttpResult>> GetArtifact(Guid id, ISessionRepository sessions, CancellationToken cancellationToken) =>
        await sessions.GetArtifactAsync(id, cancellationToken) is { } artifact
            ? TypedResults.Ok(ArtifactDto.From(artifact))
            : Problem(404, "Artifact not found", $"There is no artifact {id}.");

    private static async Task<IResult> GetArtifactContent(Guid id, int? offset, int? limit, string? format, string? sort, string? desc, string[]? filter,
        ISessionRepository sessions, IBlobStore blobs, Tables.TableStore tables, CancellationToken cancellationToken)
    {
        if (!TableContentApi.IsFormat(format))
        {
            return Problem(400, "Invalid format", "format may only be csv or xlsx (a table artifact as a download); leave it out for the stored content.");
        }
        if (await sessions.GetArtifactAsync(id, cancellationToken) is not { } artifact)
        {
            return Problem(404, "Artifact not found", $"There is no artifact {id}.");
        }
        var table = new TableContentRequest(offset, limit, format, sort, desc, filter ?? []);
        if (!table.IsPlain)
        {
            return await TableContentApi.GetAsync(artifact, table, tables, cancellationToken);
        }
        var stream = await blobs.OpenReadAsync(BlobKeys.Artifact(artifact.SessionId, artifact.Id), cancellationToken);
        if (stream is null)
        {
            return ArtifactContentMissing(id);
        }
        if (artifact.Kind == ArtifactKinds.Chart)
        {
            // sanitised again when served, so that charts stored before the sanitiser existed are safe too
            return TypedResults.Bytes(PlotlyFigureSanitizer.Sanitize(await ReadAllAsync(stream, cancellationToken)), "application/json");
        }
        // workspace files are served as downloads so that nothing a model wrote renders as a page of this site;
        // a Range header gets 206 with the part asked for (the blob store reads only that part)
        return artifact.Kind == ArtifactKinds.File
            ? TypedResults.Stream(stream, "application/octet-stream", artifact.Name, enableRangeProcessing: true)
            : TypedResults.Stream(stream, artifact.Kind == ArtifactKinds.Table ? "application/json" : artifact.MediaType, enableRangeProcessing: true);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
    }

    private static ProblemHttpResult ArtifactContentMissing(Guid id) =>
        Problem(404, "Artifact content missing", $"The content of artifact {id} is no longer stored.");
}

