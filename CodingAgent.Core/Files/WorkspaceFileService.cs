using System.Security.Cryptography;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Files;

public sealed class FileOptions
{
    public const string SectionName = "Files";

    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxUploadMb { get; set; } = 200;

    public long MaxUploadBytes => (long)MaxUploadMb * 1024 * 1024;
}

public sealed class InvalidFileNameException(string message) : ArgumentException(message);

public sealed class FileTooLargeException(long limit) : Exception($"The file is larger than the upload limit of {limit / (1024 * 1024)} MB.")
{
    public long Limit { get; } = limit;
}

/// <summary>An upload, the files derived from it, and why a conversion failed (if it did).</summary>
public sealed record UploadResult(WorkspaceFile File, IReadOnlyList<WorkspaceFile> Derived, string? Warning);

/// <summary>
/// Uploads: the blob store holds the original (what the file API serves), the session workspace holds a copy
/// for the kernel. A name is one plain file name; anything path-like is refused.
/// </summary>
public sealed class WorkspaceFileService(
    ISessionRepository repository,
    IBlobStore blobs,
    ISandboxPool sandboxes,
    IEnumerable<IWorkspaceFileConverter> converters,
    IOptions<FileOptions> options,
    TimeProvider time)
{
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public static string ValidateName(string? name) => FileNames.Validate(name);

    /// <summary>
    /// Stores an upload, and what converters derive from it (a Parquet file's CSV copy) as files of their own.
    /// A file a converter cannot read is still stored; the error says why it is not usable as a table.
    /// </summary>
    public async Task<UploadResult> UploadAsync(Guid sessionId, string? name, Stream content, CancellationToken cancellationToken)
    {
        var file = await SaveUploadAsync(sessionId, name, content, cancellationToken);
        var derived = new List<WorkspaceFile>();
        string? warning = null;
        foreach (var converter in converters.Where(c => c.Handles(file.Name)))
        {
            try
            {
                await using var stored = await blobs.OpenReadAsync(BlobKeys.Upload(sessionId, file.Name), cancellationToken)
                    ?? throw new InvalidDataException($"{file.Name} vanished while it was being converted.");
                foreach (var output in await converter.ConvertAsync(file.Name, stored, cancellationToken))
                {
                    using var bytes = new MemoryStream(output.Content, writable: false);
                    derived.Add(await SaveUploadAsync(sessionId, output.Name, bytes, cancellationToken, derivedFrom: file.Name));
                }
            }
            catch (InvalidDataException ex)
            {
                warning = ex.Message;
            }
        }
        return new UploadResult(file, derived, warning);
    }

    public async Task<WorkspaceFile> SaveUploadAsync(Guid sessionId, string? name, Stream content, CancellationToken cancellationToken, string? derivedFrom = null)
    {
        var fileName = ValidateName(name);
        _ = await repository.GetSessionAsync(sessionId, cancellationToken) ?? throw new SessionNotFoundException(sessionId);
        var workspace = sandboxes.GetWorkspaceDirectory(sessionId);
        var temp = Path.Combine(workspace, ".upload-" + Guid.NewGuid().ToString("N"));
        long size = 0;
        byte[] hash;
        try
        {
            using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > MaxUploadBytes)
                    {
                        throw new FileTooLargeException(MaxUploadBytes);
                    }
                    sha.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                hash = sha.GetHashAndReset();
            }
            await using (var stored = File.OpenRead(temp))
            {
                await blobs.PutAsync(BlobKeys.Upload(sessionId, fileName), stored, cancellationToken);
            }
            MoveIntoWorkspace(temp, workspace, fileName);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
        var file = new WorkspaceFile
        {
            SessionId = sessionId,
            Name = fileName,
            Size = size,
            Sha256 = Convert.ToHexStringLower(hash),
            CreatedAt = time.GetUtcNow(),
            DerivedFrom = derivedFrom,
        };
        await repository.UpsertFileAsync(file, cancellationToken);
        return file;
    }

    /// <summary>
    /// Copies stored files that the session's workspace lacks (after a restart, or on another instance) back into it;
    /// a workspace copy that code replaced with a link is replaced again.
    /// </summary>
    public async Task RestoreWorkspaceAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var workspace = sandboxes.GetWorkspaceDirectory(sessionId);
        foreach (var file in await repository.ListFilesAsync(sessionId, cancellationToken))
        {
            var info = new FileInfo(Path.Combine(workspace, file.Name));
            if (info.Exists && info.LinkTarget is null && info.Length == file.Size)
            {
                continue;
            }
            await using var source = await blobs.OpenReadAsync(BlobKeys.Upload(sessionId, file.Name), cancellationToken);
            if (source is null)
            {
                continue;
            }
            var temp = Path.Combine(workspace, ".restore-" + Guid.NewGuid().ToString("N"));
            try
            {
                await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                {
                    await source.CopyToAsync(target, cancellationToken);
                }
                MoveIntoWorkspace(temp, workspace, file.Name);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }
    }

    /// <summary>
    /// Renames a finished temporary file to its name: the rename replaces whatever code put at that name (a file,
    /// a symlink, which is not followed, or a folder), and the file is writable by the kernel's own uid too,
    /// which may differ from the app's (the workspace directory itself is private to that uid).
    /// </summary>
    private static void MoveIntoWorkspace(string temp, string workspace, string fileName)
    {
        var target = Path.Combine(workspace, fileName);
        if (Directory.Exists(target) && new DirectoryInfo(target).LinkTarget is null)
        {
            Directory.Delete(target, recursive: true);
        }
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        File.Move(temp, target, overwrite: true);
    }

    public async Task<Stream?> OpenAsync(Guid sessionId, string name, CancellationToken cancellationToken)
    {
        var fileName = ValidateName(name);
        var files = await repository.ListFilesAsync(sessionId, cancellationToken);
        return files.Any(f => f.Name == fileName)
            ? await blobs.OpenReadAsync(BlobKeys.Upload(sessionId, fileName), cancellationToken)
            : null;
    }
}
