namespace CodingAgent.Core.Domain;

/// <summary>
/// One version of a file in a session's workspace. Uploading a file with an existing name adds a version; code and the
/// agent see the newest (the current one), older versions stay listed and downloadable.
/// </summary>
public sealed class WorkspaceFile
{
    public Guid SessionId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>1 for the first upload of a name, then one more for each upload of the same name.</summary>
    public int Version { get; set; } = 1;

    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The upload this file was derived from (a Parquet file's CSV copy), or null for an upload.</summary>
    public string? DerivedFrom { get; set; }

    /// <summary>Where the content is in the blob store; null for files stored before versions existed (<see cref="Ports.BlobKeys.LegacyUpload"/>).</summary>
    public string? BlobKey { get; set; }

    public string ContentKey => BlobKey ?? Ports.BlobKeys.LegacyUpload(SessionId, Name);
}
