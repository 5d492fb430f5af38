using System.Runtime.InteropServices;

namespace CodingAgent.Sandbox;

/// <summary>
/// A directory that only the app's own user can enter or change (0700), for files that steer the sandbox. A path that
/// exists as anything else, a link or another user's directory, is refused rather than used.
/// </summary>
internal static partial class PrivateDirectory
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxTypeModeUid = 0x1 | 0x2 | 0x8; // STATX_TYPE | STATX_MODE | STATX_UID
    private const int DirectoryType = 0x4000; // S_IFDIR
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string Ensure(string path)
    {
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(path, OwnerOnly);
        var (mode, uid) = LStat(path);
        if ((mode & 0xF000) != DirectoryType || uid != GetEffectiveUid())
        {
            throw new InvalidOperationException($"{path} exists but is not a directory of this app's user; remove it or choose another data directory.");
        }
        // ours, though perhaps made by an older version with a wider mode
        File.SetUnixFileMode(path, OwnerOnly);
        return path;
    }

    /// <summary>Writes a file into the directory under a temporary name and renames it into place, readable by the owner only.</summary>
    public static string WriteFile(string directory, string name, ReadOnlySpan<byte> content)
    {
        var path = Path.Combine(directory, name);
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            stream.Write(content);
        }
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private static unsafe (int Mode, uint Uid) LStat(string path)
    {
        // struct statx is the same on every architecture: stx_uid at 20, stx_mode (16 bits) at 28
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxTypeModeUid, buffer) != 0)
        {
            throw new IOException($"statx {path} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        return (*(ushort*)(buffer + 28), *(uint*)(buffer + 20));
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUid();
}
