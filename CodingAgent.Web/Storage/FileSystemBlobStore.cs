using CodingAgent.Core.Files;
using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Storage;

/// <summary>Blobs as files under the data folder; keys are produced by <see cref="BlobKeys"/> and never by users.</summary>
public sealed class FileSystemBlobStore(string root) : IBlobStore, IBlobStoreHealth
{
    private readonly string _root = Path.GetFullPath(root);

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await AtomicFile.WriteAsync(path, content, cancellationToken);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        return Task.CompletedTask;
    }

    public Task DeleteByPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var path = PathFor(prefix.TrimEnd('/'));
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        return Task.CompletedTask;
    }

    /// <summary>Ready when a file can be written in the blob folder (a full or read-only disk is not).</summary>
    public async Task<DependencyHealth> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_root);
            var probe = Path.Combine(_root, ".probe-" + Guid.NewGuid().ToString("N"));
            await using (var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, System.IO.FileOptions.DeleteOnClose | System.IO.FileOptions.Asynchronous))
            {
                await file.WriteAsync(new byte[] { 1 }, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }
            return DependencyHealth.Ready;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DependencyHealth.NotReady($"The blob folder {_root} is not writable: {ex.Message}");
        }
    }

    private string PathFor(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("Blob key leaves the store.", nameof(key));
        }
        return path;
    }
}
