using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CodingAgent.Sandbox.Workspace;

/// <summary>
/// The descriptor-relative file system calls of Linux (glibc) that <see cref="WorkspaceDirectory"/> builds on.
/// Names are NUL-terminated UTF-8 bytes, always a single path component relative to a directory descriptor.
/// </summary>
internal static unsafe partial class LinuxFileCalls
{
    public const int ORdOnly = 0;
    public const int ORdWr = 2;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONoCtty = 0x100;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;

    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;

    public const uint RenameNoReplace = 1;
    public const uint RenameExchange = 2;

    public const uint StatxBasicStats = 0x7ff;

    public const int ENoEnt = 2;
    public const int ENxIo = 6;
    public const int EExist = 17;
    public const int ENotDir = 20;
    public const int EIsDir = 21;
    public const int ENotEmpty = 39;
    public const int ELoop = 40;
    public const int ENoSpc = 28;

    /// <summary>O_DIRECTORY: its value differs between the x86 and the Arm families.</summary>
    public static int ODirectory => IsArmFamily ? 0x4000 : 0x10000;

    /// <summary>O_NOFOLLOW: its value differs between the x86 and the Arm families.</summary>
    public static int ONoFollow => IsArmFamily ? 0x8000 : 0x20000;

    private static bool IsArmFamily => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => false,
        Architecture.Arm64 or Architecture.Arm => true,
        var other => throw new PlatformNotSupportedException($"The workspace file calls know the open(2) flags of x86 and Arm only, not {other}."),
    };

    /// <summary>The errno of the last call, and a message naming what failed.</summary>
    public static IOException Error(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }

    /// <summary>The errno of the last call.</summary>
    public static int LastError => Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    public static partial int OpenAt(SafeFileHandle directory, byte* name, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    public static partial int MkdirAt(SafeFileHandle directory, byte* name, uint mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
    public static partial int UnlinkAt(SafeFileHandle directory, byte* name, int flags);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    public static partial int RenameAt2(SafeFileHandle fromDirectory, byte* fromName, SafeFileHandle toDirectory, byte* toName, uint flags);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    public static partial nint ReadLinkAt(SafeFileHandle directory, byte* name, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true)]
    public static partial int SymlinkAt(byte* target, SafeFileHandle directory, byte* name);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int FChmod(SafeFileHandle file, uint mode);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int FChown(SafeFileHandle file, int owner, int group);

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true)]
    public static partial int FChownAt(SafeFileHandle directory, byte* name, int owner, int group, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static partial int StatxAt(SafeFileHandle directory, byte* name, int flags, uint mask, Statx* buffer);

    /// <summary>Takes ownership of <paramref name="descriptor"/>; <see cref="CloseDir"/> closes it.</summary>
    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint FdOpenDir(int descriptor);

    /// <summary>The next entry (struct dirent: the name starts at byte 19 on 64-bit glibc), or 0 at the end or on an error.</summary>
    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    public static partial nint ReadDir(nint directory);

    [LibraryImport("libc", EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDir(nint directory);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

    /// <summary>Offset of d_name in glibc's struct dirent on 64-bit Linux (d_ino, d_off, d_reclen, d_type before it).</summary>
    public const int DirentNameOffset = 19;
}
