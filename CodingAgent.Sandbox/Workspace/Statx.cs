using System.Runtime.InteropServices;

namespace CodingAgent.Sandbox.Workspace;

/// <summary>
/// The fields of Linux's <c>struct statx</c> that the workspace code reads. Unlike <c>struct stat</c>, its layout is
/// the same on every architecture (256 bytes).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct Statx
{
    private const ushort TypeMask = 0xF000;
    private const ushort RegularFile = 0x8000;
    private const ushort DirectoryType = 0x4000;
    private const ushort SymbolicLink = 0xA000;

    [FieldOffset(0)] public uint Mask;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Inode;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(48)] public ulong Blocks;
    [FieldOffset(136)] public uint DeviceMajor;
    [FieldOffset(140)] public uint DeviceMinor;

    public readonly bool IsRegularFile => (Mode & TypeMask) == RegularFile;

    public readonly bool IsDirectory => (Mode & TypeMask) == DirectoryType;

    public readonly bool IsSymbolicLink => (Mode & TypeMask) == SymbolicLink;

    /// <summary>Bytes allocated on disk (stx_blocks counts 512-byte units).</summary>
    public readonly long AllocatedBytes => (long)Math.Min(Blocks, long.MaxValue / 512) * 512;

    public readonly bool IsSameFileAs(in Statx other) =>
        Inode == other.Inode && DeviceMajor == other.DeviceMajor && DeviceMinor == other.DeviceMinor;
}
