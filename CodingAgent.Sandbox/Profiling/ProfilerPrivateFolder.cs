using System.Text.RegularExpressions;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// This instance's private folder for the profiler's input copies and (unconfined) scratch folders:
/// <c>{runtime}/profiling/&lt;instance&gt;</c>, 0700, the app's (nobody else on the host can enter it). It is this
/// instance's own, so another instance on the same data folder keeps its files; whatever is in it the first time was
/// left by a crash of this instance and is removed before any profile of this run puts a file there.
/// </summary>
internal sealed partial class ProfilerPrivateFolder(SandboxOptions sandbox)
{
    private readonly string _folder = Path.Combine(sandbox.RuntimeDirectory, "profiling", InstanceSegment(sandbox.InstanceName));
    private readonly Lock _gate = new();
    private volatile bool _ready;

    /// <summary>The instance name as one harmless path segment (and container name part).</summary>
    public static string InstanceSegment(string instanceName)
    {
        var instance = UnsafeCharacters().Replace(instanceName, "_").TrimStart('.');
        return instance.Length == 0 ? "default" : instance;
    }

    /// <summary>
    /// A copy of <paramref name="path"/> readable by anybody (0444), in this folder: what a worker running as another
    /// uid may read — a descriptor handed in would not do, since DuckDB opens its input by path and reopening
    /// /proc/self/fd/N checks the file's permissions again. The copy is a reflink or an in-kernel copy where the
    /// filesystem allows. The caller deletes it.
    /// </summary>
    public async Task<string> ReadableCopyAsync(string path, CancellationToken cancellationToken)
    {
        var copy = Path.Combine(Folder(), "input-" + Guid.NewGuid().ToString("N"));
        try
        {
            await Task.Run(() => File.Copy(path, copy), cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch
        {
            File.Delete(copy);
            throw;
        }
        return copy;
    }

    /// <summary>A new empty folder here, for an unconfined worker's scratch files. The caller deletes it.</summary>
    public string CreateScratch() =>
        Directory.CreateDirectory(Path.Combine(Folder(), "scratch-" + Guid.NewGuid().ToString("N"))).FullName;

    private string Folder()
    {
        if (_ready)
        {
            return _folder;
        }
        lock (_gate)
        {
            if (!_ready)
            {
                PrivateDirectory.Ensure(Path.GetDirectoryName(_folder)!);
                var folder = PrivateDirectory.Ensure(_folder);
                foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
                {
                    if (entry is DirectoryInfo directory)
                    {
                        directory.Delete(recursive: true);
                    }
                    else
                    {
                        entry.Delete();
                    }
                }
                _ready = true;
            }
        }
        return _folder;
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex UnsafeCharacters();
}
