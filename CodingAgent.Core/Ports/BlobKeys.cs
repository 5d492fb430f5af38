namespace CodingAgent.Core.Ports;

/// <summary>Every blob key: made here from ids, never from what a user typed (a file name only as the last part of a legacy key).</summary>
public static class BlobKeys
{
    /// <summary>Where files uploaded before file versions existed are kept.</summary>
    public static string LegacyUpload(Guid sessionId, string name) => $"sessions/{sessionId:N}/files/{name}";

    /// <summary>A new file version: a key of its own, so that versions of one name never overwrite each other.</summary>
    public static string FileVersion(Guid sessionId, Guid blobId) => $"sessions/{sessionId:N}/uploads/{blobId:N}";

    public static string Artifact(Guid sessionId, Guid artifactId) => $"sessions/{sessionId:N}/artifacts/{artifactId:N}";
    /// <summary>The whole rows of a table artifact whose content holds only the first rows (<see cref="KernelArtifact.Rows"/>).</summary>
    public static string ArtifactRows(Guid sessionId, Guid artifactId) => $"sessions/{sessionId:N}/artifacts/{artifactId:N}.rows";
    public static string SessionPrefix(Guid sessionId) => $"sessions/{sessionId:N}/";
}
