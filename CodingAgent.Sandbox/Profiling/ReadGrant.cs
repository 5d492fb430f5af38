using System.Buffers.Binary;
using CodingAgent.Sandbox.Cgroups;
using Microsoft.Win32.SafeHandles;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// Read access to one owner-only file of the app (an upload as the storage keeps it, 0600) for one uid, for as long as
/// that uid's worker profiles it: an entry for the uid in the file's POSIX access ACL, added and removed through a
/// descriptor. The worker then reads the file itself, hard-linked into its input folder, instead of a copy (a 1 GiB
/// upload: 0.3 s and 1 GiB of disk less). Nobody else gains anything: the owning group and others keep their bits
/// (the group bits the kernel shows meanwhile are the ACL's mask), and the file stays inside folders only the app
/// enters. Grants of the same file (another worker's, another instance's) are read, changed and written under an
/// exclusive <c>flock</c> of the file's folder (not of the file: .NET holds a shared <c>flock</c> on every file it has
/// open, the caller's own handle of the upload included), each adding and removing its own entry; the last one removes
/// the ACL and puts the mode back as it was. Null (the caller copies the file, as before) where the filesystem keeps
/// no ACLs.
/// </summary>
internal sealed class ReadGrant : IDisposable
{
    private const string AccessAcl = "system.posix_acl_access";
    private const ushort UserObject = 0x01, User = 0x02, GroupObject = 0x04, Group = 0x08, Mask = 0x10, Other = 0x20;
    private const ushort Read = 4;
    private const uint NoId = uint.MaxValue;
    private const int MaxAclBytes = 64 * 1024;

    private readonly SafeFileHandle _file;
    private readonly string _folder;
    private readonly uint _uid;
    private int _revoked;

    private ReadGrant(SafeFileHandle file, string folder, uint uid)
    {
        _file = file;
        _folder = folder;
        _uid = uid;
    }

    /// <summary>The grant, or null when it cannot be made here (the caller copies the file instead).</summary>
    public static ReadGrant? TryGrant(string path, int uid)
    {
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var granted = false;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            granted = Locked(folder, () =>
            {
                var entries = ReadAcl(file) ?? FromMode(File.GetUnixFileMode(file));
                entries.RemoveAll(e => e.Tag == User && e.Id == (uint)uid);
                entries.Add((User, Read, (uint)uid));
                var mask = entries.FindIndex(e => e.Tag == Mask);
                entries[mask] = (Mask, (ushort)(entries[mask].Permissions | Read), NoId);
                return WriteAcl(file, entries);
            });
            return granted ? new ReadGrant(file, folder, (uint)uid) : null;
        }
        finally
        {
            if (!granted)
            {
                file.Dispose();
            }
        }
    }

    /// <summary>Removes this grant's entry; the last grant removes the ACL and restores the mode from its object entries.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _revoked, 1) != 0)
        {
            return;
        }
        try
        {
            Locked(_folder, () =>
            {
                if (ReadAcl(_file) is not { } entries)
                {
                    return true;
                }
                entries.RemoveAll(e => e.Tag == User && e.Id == _uid);
                if (entries.Any(e => e.Tag is User or Group))
                {
                    return WriteAcl(_file, entries);
                }
                // nothing named is left: the ACL is the mode again, with the owning group's own bits (not the mask)
                var mode = (Bits(entries, UserObject) << 6) | (Bits(entries, GroupObject) << 3) | Bits(entries, Other);
                LibC.FRemoveXAttr(Fd(_file), AccessAcl);
                File.SetUnixFileMode(_file, (File.GetUnixFileMode(_file) & ~(UnixFileMode)0x1FF) | (UnixFileMode)mode);
                return true;
            });
        }
        finally
        {
            _file.Dispose();
        }
    }

    private static int Bits(List<(ushort Tag, ushort Permissions, uint Id)> entries, ushort tag) => entries.Find(e => e.Tag == tag).Permissions & 7;

    /// <summary>Runs <paramref name="change"/> holding an exclusive <c>flock</c> of <paramref name="folder"/>; false if it cannot be locked.</summary>
    private static bool Locked(string folder, Func<bool> change)
    {
        var fd = LibC.Open(folder, LibC.OpenDirectory);
        if (fd < 0)
        {
            return false;
        }
        try
        {
            return LibC.Flock(fd, LibC.LockExclusive) == 0 && change();
        }
        finally
        {
            // closing the only descriptor of this open releases the lock
            LibC.Close(fd);
        }
    }

    private static int Fd(SafeFileHandle file) => (int)file.DangerousGetHandle();

    /// <summary>The ACL equivalent to <paramref name="mode"/> (owner, owning group, mask, others).</summary>
    private static List<(ushort Tag, ushort Permissions, uint Id)> FromMode(UnixFileMode mode)
    {
        var bits = (int)mode;
        return
        [
            (UserObject, (ushort)((bits >> 6) & 7), NoId),
            (GroupObject, (ushort)((bits >> 3) & 7), NoId),
            (Mask, (ushort)((bits >> 3) & 7), NoId),
            (Other, (ushort)(bits & 7), NoId),
        ];
    }

    /// <summary>The file's access ACL (version 2: tag, permissions and id per entry), or null when it has none.</summary>
    private static List<(ushort Tag, ushort Permissions, uint Id)>? ReadAcl(SafeFileHandle file)
    {
        var buffer = new byte[MaxAclBytes];
        var length = (int)LibC.FGetXAttr(Fd(file), AccessAcl, buffer, (nuint)buffer.Length);
        if (length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(buffer) != 2)
        {
            return null;
        }
        var entries = new List<(ushort Tag, ushort Permissions, uint Id)>();
        for (var at = 4; at + 8 <= length; at += 8)
        {
            var entry = buffer.AsSpan(at, 8);
            entries.Add((BinaryPrimitives.ReadUInt16LittleEndian(entry), BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]), BinaryPrimitives.ReadUInt32LittleEndian(entry[4..])));
        }
        if (!entries.Exists(e => e.Tag == Mask))
        {
            // a minimal ACL has no mask: the owning group's bits are its mask
            entries.Add((Mask, entries.Find(e => e.Tag == GroupObject).Permissions, NoId));
        }
        return entries;
    }

    /// <summary>Writes the entries in the order the kernel requires (by tag, then id).</summary>
    private static bool WriteAcl(SafeFileHandle file, List<(ushort Tag, ushort Permissions, uint Id)> entries)
    {
        var sorted = entries.OrderBy(e => e.Tag).ThenBy(e => e.Id).ToArray();
        var bytes = new byte[4 + (sorted.Length * 8)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 2);
        for (var i = 0; i < sorted.Length; i++)
        {
            var entry = bytes.AsSpan(4 + (i * 8));
            BinaryPrimitives.WriteUInt16LittleEndian(entry, sorted[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], sorted[i].Permissions);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], sorted[i].Id);
        }
        return LibC.FSetXAttr(Fd(file), AccessAcl, bytes, (nuint)bytes.Length, 0) == 0;
    }
}
