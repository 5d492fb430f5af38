using System.Buffers.Binary;
using System.Runtime.InteropServices;
using CodingAgent.Core.Files;

namespace CodingAgent.Sandbox;

/// <summary>
/// Directories only the app may touch (its runtime files, the host-wide uid locks): created with mode 0700 by
/// <c>mkdir</c>, and when one already exists it must be a real directory (not a link) owned by the app's user that
/// nobody else can write or enter. A name somebody else created first is refused, never used.
/// </summary>
internal static partial class PrivateDirectory
{
    private const int EExist = 17;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const int ModeTypeMask = 0xF000;
    private const int ModeDirectory = 0x4000;

    /// <summary>Makes sure <paramref name="path"/> is a private directory of this process's user and returns its full path.</summary>
    /// <exception cref="InvalidOperationException">The path exists but is not a private directory of the app's user.</exception>
    public static string Ensure(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }
        if (MkDir(full, Convert.ToUInt32("700", 8)) != 0 && Marshal.GetLastPInvokeError() != EExist)
        {
            throw new InvalidOperationException($"Cannot create the private directory {full} (errno {Marshal.GetLastPInvokeError()}).");
        }
        Verify(full);
        return full;
    }

    /// <summary>
    /// Writes a file into a directory of the app's (never one a sandbox can write) under a temporary name and renames
    /// it into place, so that a reader sees the old file or the new one whole; readable by the owner only unless
    /// <paramref name="mode"/> says otherwise.
    /// </summary>
    public static string WriteFile(string directory, string name, ReadOnlySpan<byte> content, UnixFileMode mode = AtomicFile.OwnerOnly)
    {
        var path = Path.Combine(directory, name);
        AtomicFile.Write(path, content, mode);
        return path;
    }

    private static void Verify(string path)
    {
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            throw new InvalidOperationException($"Cannot inspect the private directory {path} (errno {Marshal.GetLastPInvokeError()}).");
        }
        // struct statx: stx_uid at byte 20, stx_mode (16 bits) at byte 28, the same on every architecture
        var uid = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(20));
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        if ((mode & ModeTypeMask) != ModeDirectory)
        {
            throw new InvalidOperationException($"{path} must be a directory of CodingAgent's own, but it is a link or a file. Remove it (somebody may have planted it) and start again.");
        }
        if (uid != GetEUid())
        {
            throw new InvalidOperationException($"{path} belongs to uid {uid}, not to the user CodingAgent runs as (uid {GetEUid()}). Remove it (somebody may have planted it) and start again.");
        }
        if ((mode & Convert.ToInt32("077", 8)) != 0)
        {
            throw new InvalidOperationException($"{path} may be entered or changed by other users (mode {Convert.ToString(mode & 0xFFF, 8)}). Make it private with 'chmod 700 {path}' and start again.");
        }
    }

    [LibraryImport("libc", EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkDir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEUid();
}
