using System.Runtime.InteropServices;

namespace CodingAgent.Sandbox;

/// <summary>
/// Session workspaces on the host: <c>{root}/{session}</c>, and warm-pool workspaces <c>{root}/.pool/{id}</c> that
/// are renamed into place when a session claims a pre-started kernel (the kernel's bind mount follows the rename).
/// </summary>
internal sealed partial class Workspaces(string root)
{
    private readonly string _root = Path.GetFullPath(root);

    public string PathFor(Guid sessionId) => Path.Combine(_root, sessionId.ToString("N"));

    public string Ensure(Guid sessionId)
    {
        var directory = PathFor(sessionId);
        if (!Directory.Exists(directory))
        {
            Create(directory);
        }
        return directory;
    }

    public string CreatePoolDirectory()
    {
        var pool = Path.Combine(_root, ".pool");
        Directory.CreateDirectory(pool);
        var directory = Path.Combine(pool, Guid.NewGuid().ToString("N"));
        Create(directory);
        return directory;
    }

    /// <summary>Makes a warm kernel's directory the session's workspace, keeping files already uploaded to the session.</summary>
    public string Claim(string poolDirectory, Guid sessionId)
    {
        var target = PathFor(sessionId);
        for (var attempt = 0; ; attempt++)
        {
            if (Directory.Exists(target))
            {
                foreach (var entry in new DirectoryInfo(target).EnumerateFileSystemInfos())
                {
                    var destination = Path.Combine(poolDirectory, entry.Name);
                    if (entry is DirectoryInfo directory && directory.LinkTarget is null)
                    {
                        Directory.Move(entry.FullName, destination);
                    }
                    else
                    {
                        File.Move(entry.FullName, destination, overwrite: true);
                    }
                }
                Directory.Delete(target);
            }
            try
            {
                Directory.Move(poolDirectory, target);
                return target;
            }
            catch (IOException) when (attempt < 3)
            {
                // an upload re-created the directory in between: merge again
            }
        }
    }

    public void Delete(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Bytes of the regular files under a workspace (links not followed).</summary>
    public static long SizeOf(string directory)
    {
        long total = 0;
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", options))
            {
                total += file.Length;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // files vanish while the code runs
        }
        return total;
    }

    private static void Create(string directory) =>
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

    /// <summary>
    /// Hands a workspace to a kernel's host uid: the directory and everything in it (links themselves, never their
    /// targets) become the uid's, and only the uid may enter the directory.
    /// </summary>
    public static void Assign(string directory, int uid)
    {
        LChownOrThrow(directory, uid);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", options))
        {
            LChownOrThrow(entry.FullName, uid);
        }
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void LChownOrThrow(string path, int uid)
    {
        if (LChown(path, uid, uid) != 0)
        {
            throw new IOException($"lchown {path} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int LChown(string path, int owner, int group);
}
