using CodingAgent.Core.Profiling;
using CodingAgent.Web.Access;
using CodingAgent.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace CodingAgent.Web.Api;

/// <summary>(added) A file's profile and its cleaning (docs/api.md, Profiles and cleaning).</summary>
public static class ProfilesApi
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sessions/{id:guid}/files/{name}/profile", GetProfile).ReadsSession();
        api.MapPost("/sessions/{id:guid}/files/{name}/clean", Clean).ChangesSession();
        api.MapPost("/sessions/{id:guid}/files/{name}/clean/preview", PreviewClean).ChangesSession();
        return api;
    }

    private static async Task<IResult> GetProfile(Guid id, string name, int? version, IFileProfiles profiles, CancellationToken cancellationToken)
    {
        if (version is < 1)
        {
            return SessionsApi.Problem(400, "Bad request", "version must be 1 or more.");
        }
        return await profiles.GetAsync(id, name, version, cancellationToken) is { } profile
            ? TypedResults.Ok(profile)
            : SessionsApi.Problem(404, "File not found", version is null ? $"Session {id} has no file '{name}'." : $"Session {id} has no version {version} of '{name}'.");
    }

    private static async Task<IResult> Clean(Guid id, string name, [FromBody] CleanRequest? request, System.Security.Claims.ClaimsPrincipal principal, IFileProfiles profiles, Audit.AuditRecorder audit,
        StorageQuota quota, CancellationToken cancellationToken)
    {
        await quota.EnsureRoomForNewVersionAsync(id, name, cancellationToken);
        await audit.RequireAsync(principal.RequireCurrentUser(), Core.Audit.AuditActions.Cleaning, id, $"{name} ({request?.Findings?.Count ?? 0} findings)", cancellationToken);
        try
        {
            var result = await profiles.CleanAsync(id, name, request?.Findings ?? [], cancellationToken);
            return TypedResults.Created($"/api/sessions/{id}/files/{Uri.EscapeDataString(result.Name)}?version={result.Version}", CleanResultDto.From(result));
        }
        catch (CleaningException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<IResult> PreviewClean(Guid id, string name, [FromBody] CleanRequest? request, System.Security.Claims.ClaimsPrincipal principal, IFileProfiles profiles, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await profiles.PreviewCleaningAsync(id, name, request?.Findings ?? [], cancellationToken));
        }
        catch (CleaningException ex)
        {
            return Problem(ex);
        }
    }

    private static IResult Problem(CleaningException ex) => ex switch
    {
        { NotFound: true } => SessionsApi.Problem(404, "File not found", ex.Message),
        { NotReady: true } => SessionsApi.Problem(409, "Profile not ready", ex.Message),
        { BadRequest: true } => SessionsApi.Problem(400, "Bad request", ex.Message),
        _ => SessionsApi.Problem(422, "Cleaning failed", ex.Message),
    };
}
