using CodingAgent.Core.Domain;

namespace CodingAgent.Web.Api;

/// <summary>The body of <c>POST /api/sessions</c>; <c>model</c> (added) is a model id of <c>GET /api/models</c>, null for the default.</summary>
public sealed record CreateSessionRequest(string? Title, string? Model = null);

/// <summary>
/// A session; <c>usage</c> (added; only from <c>GET /api/sessions/{id}</c>) sums its answers' tokens and estimated cost;
/// <c>owner</c> (added) is the id of the user it belongs to, <c>shared</c> (added) true when it is someone else's,
/// shared read-only with the caller.
/// </summary>
public sealed record SessionDto(Guid Id, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Guid? ActiveRunId, string? Model, UsageDto? Usage = null, string Owner = "", bool Shared = false)
{
    /// <summary>The session as <paramref name="viewer"/> sees it.</summary>
    public static SessionDto From(Session s, Guid? activeRunId, CodingAgent.Core.Users.CurrentUser viewer) =>
        new(s.Id, s.Title, s.CreatedAt, s.UpdatedAt, activeRunId, s.Model, null, s.OwnerId, s.OwnerId != viewer.Id);
}

public sealed record QueryRequest(string? Message);

/// <summary>A file version (<c>version</c> was added after the first release: 1, 2, … per upload of the name).</summary>
public sealed record FileDto(string Name, long Size, string Sha256, DateTimeOffset CreatedAt, string? DerivedFrom, int Version)
{
    public static FileDto From(WorkspaceFile f) => new(f.Name, f.Size, f.Sha256, f.CreatedAt, f.DerivedFrom, f.Version);
}

/// <summary>An upload, the files derived from it (a Parquet file's CSV copy and schema) and a conversion warning.</summary>
public sealed record UploadedFileDto(string Name, long Size, string Sha256, DateTimeOffset CreatedAt, IReadOnlyList<string> Derived, string? Warning, int Version)
{
    public static UploadedFileDto From(CodingAgent.Core.Files.UploadResult r) =>
        new(r.File.Name, r.File.Size, r.File.Sha256, r.File.CreatedAt, [.. r.Derived.Select(d => d.Name)], r.Warning, r.File.Version);
}

/// <summary>An artifact; <c>inputFiles</c> (added later) are the file versions the session's kernel had read when it was made.</summary>
public sealed record ArtifactDto(Guid Id, string Kind, string Name, string MediaType, long Size, Guid SessionId, Guid? RunId, Guid? StepId, DateTimeOffset CreatedAt, IReadOnlyList<FileVersionRef> InputFiles)
{
    public static ArtifactDto From(Artifact a) => new(a.Id, a.Kind, a.Name, a.MediaType, a.Size, a.SessionId, a.RunId, a.StepId, a.CreatedAt, FileVersionRefs.Parse(a.InputFiles));
}

public sealed record StepErrorDto(string Type, string Message, string Traceback);

/// <summary>An execution; <c>usage</c> (added) is the tokens of the model calls that led to it.</summary>
public sealed record StepDto(Guid Id, int Index, string Code, string Stdout, string Stderr, string? ResultText, bool Succeeded, StepErrorDto? Error, double DurationMs, IReadOnlyList<Guid> ArtifactIds, UsageDto Usage);

/// <summary>Tokens as the provider reported them; <c>cost</c> (added) estimated from the model's price table, null without prices (and for steps).</summary>
public sealed record UsageDto(long InputTokens, long OutputTokens, decimal? Cost = null);

/// <summary>A message; <c>model</c> (added) is the model that wrote an answer.</summary>
public sealed record MessageDto(Guid Id, string Role, string Content, DateTimeOffset CreatedAt, Guid? RunId, string? Status, string? Error, UsageDto? Usage, IReadOnlyList<StepDto> Steps, IReadOnlyList<Guid> ArtifactIds, string? Model = null)
{
    public static MessageDto From(ConversationMessage m, ILookup<Guid?, Artifact> artifactsByStep)
    {
        var steps = m.Steps.Select(s => new StepDto(
            s.Id, s.Index, s.Code, s.Stdout, s.Stderr, s.ResultText, s.Succeeded,
            s.ErrorType is null ? null : new StepErrorDto(s.ErrorType, s.ErrorMessage ?? "", s.Traceback ?? ""),
            s.DurationMs,
            [.. artifactsByStep[s.Id].Select(a => a.Id)],
            new UsageDto(s.InputTokens, s.OutputTokens))).ToList();
        return new MessageDto(m.Id, m.Role, m.Content, m.CreatedAt, m.RunId, m.Status, m.Error,
            m.Role == MessageRoles.Assistant ? new UsageDto(m.InputTokens, m.OutputTokens, m.Cost) : null,
            steps, [.. steps.SelectMany(s => s.ArtifactIds)], m.Model);
    }
}

/// <summary>A run (<c>status</c> was added later: running, completed, failed, cancelled or interrupted).</summary>
public sealed record RunDto(Guid RunId, Guid SessionId, bool Finished, string Status)
{
    public static RunDto From(ConversationMessage run) => new(run.RunId!.Value, run.SessionId, RunStatuses.IsFinished(run.Status), run.Status ?? RunStatuses.Running);
}

/// <summary>The readiness report: <c>ready</c> and each dependency's status (<c>checks</c> was added after <c>status</c>).</summary>
public sealed record ReadinessDto(string Status, IReadOnlyDictionary<string, DependencyStatusDto> Checks);
