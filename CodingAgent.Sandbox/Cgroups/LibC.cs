using System.Runtime.InteropServices;

namespace CodingAgent.Sandbox.Cgroups;

/// <summary>The few system calls the cgroup code needs that .NET does not wrap.</summary>
internal static partial class LibC
{
    public const int SigKill = 9;
    public const int SigStop = 19;
    public const int RlimitFsize = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>A descriptor that names one process for as long as it is held, even once its pid is reused (glibc 2.36).</summary>
    [LibraryImport("libc", EntryPoint = "pidfd_open", SetLastError = true)]
    public static partial int PidFdOpen(int pid, uint flags);

    [LibraryImport("libc", EntryPoint = "pidfd_send_signal", SetLastError = true)]
    public static partial int PidFdSendSignal(int pidFd, int signal, IntPtr info, uint flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "prlimit", SetLastError = true)]
    public static partial int PrLimit(int pid, int resource, in RLimit newLimit, IntPtr oldLimit);

    /// <summary>A hard link: a second name of the same file (same owner and mode), in the same filesystem only.</summary>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existing, string newPath);

    [LibraryImport("libc", EntryPoint = "fgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint FGetXAttr(int fd, string name, Span<byte> value, nuint size);

    [LibraryImport("libc", EntryPoint = "fsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FSetXAttr(int fd, string name, ReadOnlySpan<byte> value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "fremovexattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FRemoveXAttr(int fd, string name);

    /// <summary>open(2) of a folder, read-only, not inherited (<c>O_DIRECTORY | O_CLOEXEC</c>): for a lock on it.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    public const int OpenDirectory = 0x10000 | 0x80000;

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    public const int LockExclusive = 2;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}
