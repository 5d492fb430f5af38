using System.Collections.Concurrent;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Core.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Core.Files;

/// <summary>
/// Uploads: the blob store holds the original (what the file API serves), the session workspace holds a copy
/// for the kernel, put there through <see cref="IWorkspaceFiles"/> (the workspace belongs to hostile code; this
/// class never sees its path). A name is one plain file name; anything path-like is refused.
/// </summary>
public sealed partial class WorkspaceFileService(
    ISessionRepository repository,
    IBlobStore blobs,
    IWorkspaceFiles workspaces,
    IEnumerable<IWorkspaceFileConverter> converters,
    IOptions<FileOptions> options,
    Profiling.ProfilingQueue profiling,
    TimeProvider time,
    ILogger<WorkspaceFileService> logger)
{
    // what this instance put into each workspace (session, name) → SHA-256: another instance may have added a version since
    private readonly ConcurrentDictionary<(Guid Session, string Name), string> _placed = new();

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
                await using var stored = await blobs.OpenReadAsync(file.ContentKey, cancellationToken)
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

    /// <param name="scheduleProfile">Profile the version in the background (false: the caller profiles it).</param>
    public async Task<WorkspaceFile> SaveUploadAsync(Guid sessionId, string? name, Stream content, CancellationToken cancellationToken, string? derivedFrom = null, bool scheduleProfile = true)
    {
        var fileName = ValidateName(name);
        _ = await repository.GetSessionAsync(sessionId, cancellationToken) ?? throw new SessionNotFoundException(sessionId);
        long size;
        byte[] hash;
        // each version has a blob of its own: an upload of an existing name never touches the versions before it
        var blobKey = BlobKeys.FileVersion(sessionId, Guid.NewGuid());
        await using (var counted = new HashingReadStream(content, MaxUploadBytes))
        {
            await blobs.PutAsync(blobKey, counted, cancellationToken);
            size = counted.BytesRead;
            hash = counted.Hash;
        }
        var file = await repository.AddFileVersionAsync(new WorkspaceFile
        {
            SessionId = sessionId,
            Name = fileName,
            Size = size,
            Sha256 = Convert.ToHexStringLower(hash),
            CreatedAt = time.GetUtcNow(),
            DerivedFrom = derivedFrom,
            BlobKey = blobKey,
        }, cancellationToken);
        if (scheduleProfile)
        {
            await profiling.ScheduleAsync(file, cancellationToken);
        }
        await CopyToWorkspaceAsync(file, cancellationToken);
        return file;
    }

    /// <summary>
    /// Brings the session's workspace (a cache on this instance's disk) up to the current version of every stored
    /// file: files it lacks (after a restart, or on an instance that never saw the upload) are fetched from the blob
    /// store, a version another instance added replaces the older copy, and a copy that code replaced with a link, a
    /// folder or a file of another size is replaced again.
    /// </summary>
    /// <returns>The current versions, which is what the kernel sees from now on.</returns>
    public async Task<IReadOnlyList<WorkspaceFile>> RestoreWorkspaceAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var files = await repository.ListFilesAsync(sessionId, cancellationToken);
        foreach (var file in files)
        {
            if (_placed.TryGetValue((sessionId, file.Name), out var placed) && placed == file.Sha256
                && await workspaces.GetFileAsync(sessionId, file.Name, cancellationToken) is { Kind: WorkspaceEntryKind.File } present && present.Size == file.Size)
            {
                continue;
            }
            await CopyToWorkspaceAsync(file, cancellationToken);
        }
        // a file deleted meanwhile (on any instance) leaves this instance's copy, which goes now
        var current = files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _placed.Keys.Where(k => k.Session == sessionId && !current.Contains(k.Name)).ToList())
        {
            await workspaces.DeleteFileAsync(sessionId, gone.Name, cancellationToken);
            _placed.TryRemove(gone, out _);
        }
        return files;
    }

    /// <summary>
    /// Deletes a file: every version of it and of the files derived from it (a Parquet file's CSV copy) from the list,
    /// their copies in this instance's workspace (other instances drop theirs before their next question) and their
    /// blobs. Variables the kernel already made from it stay until the kernel restarts.
    /// </summary>
    /// <returns>The versions deleted; empty when the session has no file of that name.</returns>
    public async Task<IReadOnlyList<WorkspaceFile>> DeleteAsync(Guid sessionId, string name, CancellationToken cancellationToken)
    {
        var fileName = ValidateName(name);
        var deleted = await repository.DeleteFileAsync(sessionId, fileName, cancellationToken);
        foreach (var gone in deleted.Select(f => f.Name).Distinct(StringComparer.Ordinal))
        {
            await workspaces.DeleteFileAsync(sessionId, gone, cancellationToken);
            _placed.TryRemove((sessionId, gone), out _);
        }
        foreach (var version in deleted)
        {
            await blobs.DeleteAsync(version.ContentKey, cancellationToken);
        }
        return deleted;
    }

    /// <summary>Forgets what this instance put into a session's workspace (the workspace is being deleted).</summary>
    public void ForgetWorkspace(Guid sessionId)
    {
        foreach (var key in _placed.Keys.Where(k => k.Session == sessionId))
        {
            _placed.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Puts the stored copy of a file into the workspace. If code in the sandbox keeps swapping it meanwhile, the
    /// stored file stands and the workspace copy is put in place again before the next run.
    /// </summary>
    private async Task CopyToWorkspaceAsync(WorkspaceFile file, CancellationToken cancellationToken)
    {
        var (sessionId, fileName) = (file.SessionId, file.Name);
        await using var stored = await blobs.OpenReadAsync(file.ContentKey, cancellationToken);
        if (stored is null)
        {
            return;
        }
        try
        {
            await workspaces.PutFileAsync(sessionId, fileName, stored, cancellationToken);
            _placed[(sessionId, fileName)] = file.Sha256;
        }
        catch (WorkspaceConflictException ex)
        {
            LogWorkspaceConflict(logger, sessionId, ex.Message);
        }
        catch (WorkspaceFullException ex)
        {
            // the upload stands; the file is put in place before a run once code has deleted enough to make room
            LogWorkspaceFull(logger, sessionId, ex.Message);
        }
    }

    /// <summary>A version of a file (the current one when <paramref name="version"/> is null) and its content, or null.</summary>
    public async Task<(WorkspaceFile File, Stream Content)?> OpenAsync(Guid sessionId, string name, int? version, CancellationToken cancellationToken)
    {
        var fileName = ValidateName(name);
        if (await repository.GetFileAsync(sessionId, fileName, version, cancellationToken) is not { } file)
        {
            return null;
        }
        return await blobs.OpenReadAsync(file.ContentKey, cancellationToken) is { } content ? (file, content) : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: {Reason} The stored upload is kept; the workspace copy is put in place again before the next run.")]
    private static partial void LogWorkspaceConflict(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: {Reason} The stored upload is kept; it is put into the workspace before a run once there is room.")]
    private static partial void LogWorkspaceFull(ILogger logger, Guid sessionId, string reason);
}
