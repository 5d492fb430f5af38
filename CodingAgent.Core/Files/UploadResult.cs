using CodingAgent.Core.Domain;

namespace CodingAgent.Core.Files;

/// <summary>An upload, the files derived from it, and why a conversion failed (if it did).</summary>
public sealed record UploadResult(WorkspaceFile File, IReadOnlyList<WorkspaceFile> Derived, string? Warning);
