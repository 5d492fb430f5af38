using System.Text.RegularExpressions;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// This instance's private folder for the profiler's input copies (where no <see cref="ReadGrant"/> can be made),
/// waiting workers' input folders and (unconfined) scratch folders: <c>{runtime}/profiling/&lt;instance&gt;</c>, 0700,
/// the app's (nobody else on the host can enter it). It is this instance's own, so another instance on the same data
/// folder keeps its files; whatever is in it the first time was left by a crash of this instance and is removed before
/// any profile of this run puts a file there.
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
    /// uid reads where no <see cref="ReadGrant"/> can be made (a filesystem without ACLs) — a descriptor handed in would
    /// not do, since DuckDB opens its input by path and reopening /proc/self/fd/N checks the file's permissions again.
    /// The copy is a reflink or an in-kernel copy where the filesystem allows. The caller deletes it.
    /// </summary>
    public async Task<string> ReadableCopyAsync(string path, CancellationToken cancellationToken)
    {
        var copy = Path.Combine(Folder(), "input-" + Guid.NewGuid().ToString("N"));
        await CopyReadableAsync(path, copy, cancellationToken).ConfigureAwait(false);
        return copy;
    }

    /// <summary>
    /// A new empty folder here for a worker started ahead of its file (bound read-only as its /input): 0755, the
    /// app's, so a worker of another uid reads it and nobody but the app writes it. The caller deletes it.
    /// </summary>
    public string CreateInputFolder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder(), "in-" + Guid.NewGuid().ToString("N"))).FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return folder;
    }

    /// <summary>
    /// Puts <paramref name="path"/> into a worker's input folder (<see cref="CreateInputFolder"/>) as
    /// <paramref name="target"/>: a hard link, with a <see cref="ReadGrant"/> for the worker's <paramref name="uid"/>
    /// when it runs as another uid and the file is not readable by others; where no grant can be made, or the link
    /// cannot (across filesystems), a copy readable by anybody (0444, as <see cref="ReadableCopyAsync"/>). Returns the
    /// grant, which the caller revokes once the worker is gone.
    /// </summary>
    public static async Task<ReadGrant?> PlaceAsync(string path, string target, int? uid, CancellationToken cancellationToken)
    {
        var readable = uid is null || (File.GetUnixFileMode(path) & UnixFileMode.OtherRead) != 0;
        var grant = readable ? null : ReadGrant.TryGrant(path, uid!.Value);
        if ((readable || grant is not null) && Cgroups.LibC.Link(path, target) == 0)
        {
            return grant;
        }
        grant?.Dispose();
        await CopyReadableAsync(path, target, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>A 0444 copy of <paramref name="path"/> at <paramref name="target"/> (a reflink or in-kernel copy where the filesystem allows).</summary>
    private static async Task CopyReadableAsync(string path, string target, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Run(() => File.Copy(path, target), cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch
        {
            File.Delete(target);
            throw;
        }
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
