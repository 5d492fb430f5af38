namespace CodingAgent.Core.Domain;

/// <summary>A rich output of an execution; its content lives in the blob store.</summary>
public sealed class Artifact
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid? RunId { get; set; }
    public Guid? StepId { get; set; }
    public string Kind { get; set; } = ArtifactKinds.File;
    public string Name { get; set; } = "";
    public string MediaType { get; set; } = "application/octet-stream";
    public long Size { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The workspace files (name, version, SHA-256) the session's kernel had read when this artifact was made, as JSON
    /// (<see cref="FileVersionRefs"/>); null for artifacts stored before this was recorded.
    /// </summary>
    public string? InputFiles { get; set; }
}
