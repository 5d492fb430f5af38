using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using CodingAgent.Core.Ports;
using Microsoft.Win32.SafeHandles;
using static CodingAgent.Sandbox.Workspace.LinuxFileCalls;

namespace CodingAgent.Sandbox.Workspace;

/// <summary>
/// A directory of the workspaces, held open by descriptor. Code in the sandbox owns its workspace and can swap any
/// entry in it for a link, a FIFO or a folder at any moment, also while the host works there. So the host never acts
/// on a path inside a workspace by name: everything below this directory is reached from its descriptor with the
/// *at calls, one name at a time, with O_NOFOLLOW / AT_SYMLINK_NOFOLLOW, and what is checked is the descriptor that
/// is then used (fchmod, fchown and the read happen on it, never on a name).
/// </summary>
internal sealed class WorkspaceDirectory : IDisposable
{
    /// <summary>Levels a walk descends (each holds a descriptor); deeper trees are not measured and are deleted in parts.</summary>
    public const int MaxDepth = 128;

    /// <summary>Entries a walk visits (quota accounting, handing a workspace to a kernel's uid).</summary>
    public const int MaxEntries = 100_000;

    private const uint PrivateDirectoryMode = 0b111_000_000;
    private const uint TraversableDirectoryMode = 0b111_001_001;
    private const uint TemporaryFileMode = 0b110_000_000;
    private const uint PlacedFileMode = 0b110_100_100;
    private const int MaxPlacementAttempts = 8;
    private const int MaxDeletions = 10_000_000;
    private const string TemporaryPrefix = ".ca-";
    private readonly SafeFileHandle _handle;

    private WorkspaceDirectory(SafeFileHandle handle) => _handle = handle;

    /// <summary>
    /// <c>/proc/self/fd/N</c> of the held descriptor: a path that names exactly this directory (the kernel follows the
    /// descriptor, not a name), for APIs that take a path, such as inotify.
    /// </summary>
    public string ProcPath => "/proc/self/fd/" + _handle.DangerousGetHandle().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opens the root of the workspaces, a directory of the app's that no sandbox sees: the one open by path.</summary>
    public static unsafe WorkspaceDirectory OpenRoot(string path)
    {
        fixed (byte* p = NulTerminated(path))
        {
            var fd = Open(p, ORdOnly | ODirectory | OCloExec, 0);
            return fd >= 0 ? new WorkspaceDirectory(new SafeFileHandle(fd, ownsHandle: true)) : throw Error($"open {path}");
        }
    }

    /// <summary>The subdirectory <paramref name="name"/>, or null when there is none; a link or a file there is refused.</summary>
    public WorkspaceDirectory? OpenDirectory(string name)
    {
        var directory = TryOpenDirectory(EncodeName(name), out var errno);
        return directory is not null || errno == ENoEnt ? directory : throw ErrorFor(errno, $"{name} is not a directory");
    }

    /// <summary>
    /// The subdirectory <paramref name="name"/>, created when there is none: private (0700) unless
    /// <paramref name="traversable"/> (0711: others may pass through it to a workspace inside, not list it).
    /// </summary>
    public unsafe WorkspaceDirectory CreateDirectory(string name, bool traversable = false)
    {
        var bytes = EncodeName(name);
        fixed (byte* p = bytes)
        {
            if (MkdirAt(_handle, p, traversable ? TraversableDirectoryMode : PrivateDirectoryMode) != 0 && LastError != EExist)
            {
                throw Error($"mkdir {name}");
            }
        }
        var directory = TryOpenDirectory(bytes, out var errno);
        return directory ?? throw ErrorFor(errno, $"{name} is not a directory");
    }

    /// <summary>What is at <paramref name="name"/> (a link is a link, not its target), or null when nothing is.</summary>
    public WorkspaceFileInfo? Stat(string name)
    {
        if (!TryStat(EncodeName(name), out var stat))
        {
            return null;
        }
        var kind = stat.IsRegularFile ? WorkspaceEntryKind.File
            : stat.IsDirectory ? WorkspaceEntryKind.Directory
            : stat.IsSymbolicLink ? WorkspaceEntryKind.Link
            : WorkspaceEntryKind.Other;
        return new WorkspaceFileInfo(kind, kind == WorkspaceEntryKind.File ? (long)stat.Size : 0);
    }

    /// <summary>
    /// Bytes allocated to the regular files below this directory; links are neither followed nor counted. The walk
    /// stops at <see cref="MaxEntries"/> entries and <see cref="MaxDepth"/> levels, and then says it is incomplete.
    /// </summary>
    public WorkspaceUsage MeasureUsage()
    {
        long bytes = 0;
        var remaining = MaxEntries;
        var complete = WalkTree((_, _, stat) => bytes += stat.IsRegularFile ? stat.AllocatedBytes : 0, ref remaining, depth: 0);
        return new WorkspaceUsage(bytes, complete);
    }

    /// <summary>
    /// Hands this directory to a kernel's host uid: every entry below it (links themselves, never their targets)
    /// becomes the uid's, and the directory itself too, private to it (0700).
    /// </summary>
    public void GiveTo(int uid)
    {
        var remaining = MaxEntries;
        WalkTree((parent, name, _) => parent.ChownEntry(name, uid), ref remaining, depth: 0);
        if (FChown(_handle, uid, uid) != 0)
        {
            throw Error("chown a workspace");
        }
        if (FChmod(_handle, PrivateDirectoryMode) != 0)
        {
            throw Error("chmod a workspace");
        }
    }

    /// <summary>Deletes what is at <paramref name="name"/>: a file, a link (never followed) or a folder with everything in it.</summary>
    public void Delete(string name) => DeleteTree(EncodeName(name));

    /// <summary>
    /// Moves every entry of this directory into <paramref name="target"/>, replacing entries of the same name there
    /// (for a directory no code works in: it is listed again until it is empty).
    /// </summary>
    public void MoveEntriesTo(WorkspaceDirectory target)
    {
        for (var pass = 0; pass < MaxDeletions / MaxEntries; pass++)
        {
            var names = ListNames(MaxEntries, out var complete);
            foreach (var name in names)
            {
                MoveEntryTo(name, target);
            }
            if (complete)
            {
                return;
            }
        }
        throw new IOException("A workspace kept growing while its entries were moved.");
    }

    private void MoveEntryTo(byte[] name, WorkspaceDirectory target)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (Rename(this, name, target, name, RenameNoReplace) == 0 || LastError == ENoEnt)
            {
                return;
            }
            if (LastError != EExist || attempt == 3)
            {
                throw Error("move an entry between workspaces");
            }
            target.DeleteTree(name);
        }
    }

    /// <summary>Renames the entry <paramref name="name"/> to <paramref name="newName"/> in <paramref name="target"/>; false if that name is taken.</summary>
    public bool TryMove(string name, WorkspaceDirectory target, string newName)
    {
        if (Rename(this, EncodeName(name), target, EncodeName(newName), RenameNoReplace) == 0)
        {
            return true;
        }
        return LastError is EExist or ENotEmpty ? false : throw Error($"rename {name}");
    }

    /// <summary>
    /// Writes <paramref name="content"/> as the file <paramref name="name"/>: into a new temporary file (O_EXCL), chmod
    /// 0644 and chown to <paramref name="owner"/> on its descriptor, then swapped with whatever is at the name
    /// (RENAME_EXCHANGE: a file, a link or a folder, none followed), which is then deleted. The placed file is checked
    /// to be the one written; if code swapped it meanwhile, a fresh copy is placed again.
    /// </summary>
    /// <exception cref="WorkspaceConflictException">Code kept swapping the file on every attempt.</exception>
    public async Task WriteFileAsync(string name, Stream content, int? owner, CancellationToken cancellationToken)
    {
        var target = EncodeName(name);
        var (file, temporary) = CreateTemporaryFile();
        try
        {
            var length = await CopyAsync(content, file, cancellationToken).ConfigureAwait(false);
            Seal(file, owner);
            for (var attempt = 1; !TryPlace(file, temporary, target); attempt++)
            {
                if (attempt == MaxPlacementAttempts)
                {
                    throw new WorkspaceConflictException($"Code in the sandbox kept replacing {name} while it was put in the workspace.");
                }
                DeleteQuietly(temporary);
                var previous = file;
                (file, temporary) = CreateTemporaryFile();
                await CopyRangeAsync(previous, file, length, cancellationToken).ConfigureAwait(false);
                previous.Dispose();
                Seal(file, owner);
            }
        }
        catch (IOException ex) when (ex.HResult == ENoSpc || ex.InnerException?.HResult == ENoSpc)
        {
            DeleteQuietly(temporary);
            throw new WorkspaceFullException($"The workspace has no room left for {name}: its quota is full.", ex);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
        finally
        {
            file.Dispose();
        }
    }

    /// <summary>True when the directory has no entries.</summary>
    public bool IsEmpty => ListNames(1, out _).Count == 0;

    /// <summary>Makes this directory private to its owner (0700).</summary>
    public void MakePrivate()
    {
        if (FChmod(_handle, PrivateDirectoryMode) != 0)
        {
            throw Error("chmod a workspace");
        }
    }

    /// <summary>
    /// Copies every entry below this directory into <paramref name="target"/> (another filesystem: renameat cannot
    /// move across): regular files by content through their descriptors (opened O_NOFOLLOW|O_NONBLOCK and checked to
    /// be regular files), folders recursively, links as links (never followed); FIFOs, sockets and devices are left
    /// out. Permission bits are kept; the owner is the app's until the target is given to a uid.
    /// </summary>
    public void CopyEntriesTo(WorkspaceDirectory target)
    {
        var remaining = MaxEntries;
        if (!CopyTree(target, ref remaining, depth: 0))
        {
            throw new IOException($"A workspace holds more than {MaxEntries} entries or {MaxDepth} levels to copy.");
        }
    }

    private unsafe bool CopyTree(WorkspaceDirectory target, ref int remaining, int depth)
    {
        var names = ListNames(remaining, out var complete);
        foreach (var name in names)
        {
            remaining--;
            if (!TryStat(name, out var stat))
            {
                continue;
            }
            var mode = (uint)(stat.Mode & 0b111_111_111);
            fixed (byte* p = name)
            {
                if (stat.IsRegularFile)
                {
                    CopyFile(p, target, mode);
                }
                else if (stat.IsSymbolicLink)
                {
                    var link = new byte[4097];
                    fixed (byte* l = link)
                    {
                        var length = ReadLinkAt(_handle, p, l, link.Length - 1);
                        if (length < 0)
                        {
                            continue; // swapped meanwhile
                        }
                        link[length] = 0;
                        if (SymlinkAt(l, target._handle, p) != 0)
                        {
                            throw Error("copy a link between workspaces");
                        }
                    }
                }
                else if (stat.IsDirectory)
                {
                    if (depth + 1 >= MaxDepth)
                    {
                        complete = false;
                        continue;
                    }
                    if (MkdirAt(target._handle, p, mode | 0b111_000_000) != 0)
                    {
                        throw Error("create a folder in a workspace");
                    }
                    using var child = TryOpenDirectory(name, out _);
                    using var copy = target.TryOpenDirectory(name, out var errno) ?? throw ErrorFor(errno, "open a copied folder");
                    if (child is not null)
                    {
                        complete &= child.CopyTree(copy, ref remaining, depth + 1);
                    }
                }
            }
        }
        return complete;
    }

    private unsafe void CopyFile(byte* name, WorkspaceDirectory target, uint mode)
    {
        var fd = OpenAt(_handle, name, ORdOnly | ONoFollow | ONonBlock | ONoCtty | OCloExec, 0);
        if (fd < 0)
        {
            return; // swapped for a link or removed meanwhile
        }
        using var source = new SafeFileHandle(fd, ownsHandle: true);
        var stat = StatOf(source);
        if (!stat.IsRegularFile)
        {
            return;
        }
        var created = OpenAt(target._handle, name, ORdWr | OCreat | OExcl | ONoFollow | OCloExec, TemporaryFileMode);
        if (created < 0)
        {
            throw Error("create a file in a workspace");
        }
        using var copy = new SafeFileHandle(created, ownsHandle: true);
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            for (long offset = 0; ;)
            {
                var read = RandomAccess.Read(source, buffer, offset);
                if (read == 0)
                {
                    break;
                }
                RandomAccess.Write(copy, buffer.AsSpan(0, read), offset);
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (FChmod(copy, mode) != 0)
        {
            throw Error("chmod a copied file");
        }
    }

    /// <summary>
    /// The bytes of the regular file at <paramref name="relativePath"/> ('/'-separated plain names). Each folder on the
    /// way is opened with O_NOFOLLOW|O_DIRECTORY and the file with O_NOFOLLOW|O_NONBLOCK, so neither a link nor a FIFO
    /// can make the host follow or wait; the opened descriptor must be a regular file of at most
    /// <paramref name="maxBytes"/>, and no more than that is read.
    /// </summary>
    /// <exception cref="IOException">The path is not a plain regular file inside this directory, or is too large.</exception>
    public async Task<byte[]> ReadFileAsync(string relativePath, long maxBytes, CancellationToken cancellationToken)
    {
        using var file = OpenForReading(relativePath);
        var stat = StatOf(file);
        if (!stat.IsRegularFile)
        {
            throw new IOException("it is not a regular file");
        }
        if (stat.Size > (ulong)Math.Min(maxBytes, Array.MaxLength))
        {
            throw new IOException($"it is larger than {maxBytes / (1024 * 1024)} MB");
        }
        var content = new byte[(int)stat.Size];
        var read = 0;
        while (read < content.Length)
        {
            var n = await RandomAccess.ReadAsync(file, content.AsMemory(read), read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return content[..read];
            }
            read += n;
        }
        return content;
    }

    /// <summary>
    /// The regular file <paramref name="name"/> opened for reading as <see cref="ReadFileAsync"/> opens it (no link
    /// followed, no FIFO waited on), when it is at most <paramref name="maxBytes"/> long.
    /// </summary>
    /// <exception cref="IOException">It is not a plain regular file inside this directory, or is too large.</exception>
    public SafeFileHandle OpenRegularFile(string name, long maxBytes)
    {
        var file = OpenForReading(name);
        try
        {
            var stat = StatOf(file);
            if (!stat.IsRegularFile)
            {
                throw new IOException("it is not a regular file");
            }
            if (stat.Size > (ulong)maxBytes)
            {
                throw new IOException($"it is larger than {maxBytes / (1024 * 1024)} MB");
            }
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose() => _handle.Dispose();

    private unsafe SafeFileHandle OpenForReading(string relativePath)
    {
        var parts = relativePath.Split('/');
        if (parts.Length > MaxDepth || parts.Any(p => p.Length == 0 || p is "." or ".." || p.Contains('\0', StringComparison.Ordinal)))
        {
            throw new IOException("it is not a plain path inside the workspace");
        }
        WorkspaceDirectory? folder = null;
        try
        {
            foreach (var part in parts[..^1])
            {
                var next = (folder ?? this).TryOpenDirectory(NulTerminated(part), out var errno)
                    ?? throw ErrorFor(errno, "a folder on its path is a link or not a folder");
                folder?.Dispose();
                folder = next;
            }
            fixed (byte* p = NulTerminated(parts[^1]))
            {
                var fd = OpenAt((folder ?? this)._handle, p, ORdOnly | ONoFollow | ONonBlock | ONoCtty | OCloExec, 0);
                if (fd < 0)
                {
                    throw LastError switch
                    {
                        ELoop => new IOException("it is a link"),
                        ENxIo => new IOException("it is a socket"),
                        var errno => ErrorFor(errno, "it cannot be opened"),
                    };
                }
                return new SafeFileHandle(fd, ownsHandle: true);
            }
        }
        finally
        {
            folder?.Dispose();
        }
    }

    private unsafe (SafeFileHandle File, byte[] Name) CreateTemporaryFile()
    {
        var name = NulTerminated(TemporaryPrefix + Guid.NewGuid().ToString("N"));
        fixed (byte* p = name)
        {
            var fd = OpenAt(_handle, p, ORdWr | OCreat | OExcl | ONoFollow | OCloExec, TemporaryFileMode);
            return fd >= 0 ? (new SafeFileHandle(fd, ownsHandle: true), name) : throw Error("create a file in the workspace");
        }
    }

    private static void Seal(SafeFileHandle file, int? owner)
    {
        if (FChmod(file, PlacedFileMode) != 0)
        {
            throw Error("chmod a new workspace file");
        }
        if (owner is { } uid && FChown(file, uid, uid) != 0)
        {
            throw Error("chown a new workspace file");
        }
    }

    /// <summary>Puts the written temporary file at the target name; false when code interfered (the file at the name is not ours).</summary>
    private bool TryPlace(SafeFileHandle file, byte[] temporary, byte[] target)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (Rename(this, temporary, this, target, RenameExchange) == 0)
            {
                // what was at the name now has the temporary name, and is removed without following anything
                DeleteQuietly(temporary);
                return IsAt(file, target);
            }
            if (LastError != ENoEnt)
            {
                throw Error("put a file in place in the workspace");
            }
            if (Rename(this, temporary, this, target, RenameNoReplace) == 0)
            {
                return IsAt(file, target);
            }
            if (LastError == ENoEnt)
            {
                return false; // the temporary file was moved away
            }
            if (LastError != EExist)
            {
                throw Error("put a file in place in the workspace");
            }
            // code created the name in between: exchange again
        }
        return false;
    }

    private bool IsAt(SafeFileHandle file, byte[] name) => TryStat(name, out var placed) && placed.IsSameFileAs(StatOf(file));

    private static async Task<long> CopyAsync(Stream content, SafeFileHandle file, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long offset = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await RandomAccess.WriteAsync(file, buffer.AsMemory(0, read), offset, cancellationToken).ConfigureAwait(false);
                offset += read;
            }
            return offset;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task CopyRangeAsync(SafeFileHandle source, SafeFileHandle target, long length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            for (long offset = 0; offset < length;)
            {
                var read = await RandomAccess.ReadAsync(source, buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - offset)), offset, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                await RandomAccess.WriteAsync(target, buffer.AsMemory(0, read), offset, cancellationToken).ConfigureAwait(false);
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Visits the entries below this directory depth first, without following links: a directory is entered only
    /// through openat(O_DIRECTORY|O_NOFOLLOW), so one swapped for a link after it was seen is skipped.
    /// </summary>
    /// <returns>False when the walk stopped at its limits.</returns>
    private bool WalkTree(Action<WorkspaceDirectory, byte[], Statx> visit, ref int remaining, int depth)
    {
        var names = ListNames(remaining, out var complete);
        foreach (var name in names)
        {
            remaining--;
            if (!TryStat(name, out var stat))
            {
                continue;
            }
            visit(this, name, stat);
            if (!stat.IsDirectory)
            {
                continue;
            }
            if (depth + 1 >= MaxDepth)
            {
                complete = false;
                continue;
            }
            using var child = TryOpenDirectory(name, out _);
            if (child is not null)
            {
                complete &= child.WalkTree(visit, ref remaining, depth + 1);
            }
        }
        return complete;
    }

    private unsafe void ChownEntry(byte[] name, int uid)
    {
        fixed (byte* p = name)
        {
            if (FChownAt(_handle, p, uid, uid, AtSymlinkNoFollow) != 0 && LastError != ENoEnt)
            {
                throw Error("chown an entry of a workspace");
            }
        }
    }

    private void DeleteQuietly(byte[] name)
    {
        try
        {
            DeleteTree(name);
        }
        catch (IOException)
        {
            // code keeps changing it: it stays in the workspace, which code owns anyway
        }
    }

    /// <summary>Deletes an entry and, for a folder, everything below it with unlinkat through descriptors.</summary>
    private void DeleteTree(byte[] name)
    {
        // subtrees deeper than MaxDepth are moved up here and deleted from here, so depth costs no more descriptors
        var pending = new Stack<byte[]>();
        pending.Push(name);
        var remaining = MaxDeletions;
        while (pending.TryPop(out var next))
        {
            DeleteEntry(next, this, depth: 0, pending, ref remaining);
        }
    }

    private void DeleteEntry(byte[] name, WorkspaceDirectory top, int depth, Stack<byte[]> pending, ref int remaining)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (--remaining < 0)
            {
                throw new IOException("A workspace holds too many entries to delete.");
            }
            if (Unlink(name, 0) == 0 || LastError == ENoEnt)
            {
                return;
            }
            if (LastError != EIsDir)
            {
                throw Error("delete an entry of a workspace");
            }
            using (var child = TryOpenDirectory(name, out var errno))
            {
                if (child is null)
                {
                    if (errno == ENoEnt)
                    {
                        return;
                    }
                    continue; // swapped for something that is not a folder: unlink that
                }
                foreach (var entry in child.ListNames(remaining, out _))
                {
                    if (depth + 1 < MaxDepth)
                    {
                        child.DeleteEntry(entry, top, depth + 1, pending, ref remaining);
                    }
                    else if (child.Unlink(entry, 0) != 0 && LastError == EIsDir)
                    {
                        var moved = NulTerminated(TemporaryPrefix + "deleting-" + Guid.NewGuid().ToString("N"));
                        if (Rename(child, entry, top, moved, RenameNoReplace) == 0)
                        {
                            pending.Push(moved);
                        }
                    }
                }
            }
            if (Unlink(name, AtRemoveDir) == 0 || LastError == ENoEnt)
            {
                return;
            }
            if (LastError is not (ENotEmpty or ENotDir or EExist))
            {
                throw Error("delete a folder of a workspace");
            }
            // code added entries or swapped the folder meanwhile: again
        }
        throw new IOException("An entry of a workspace kept changing while it was deleted.");
    }

    /// <summary>The names in this directory (raw bytes, NUL-terminated; neither "." nor ".."), at most <paramref name="limit"/>.</summary>
    private unsafe List<byte[]> ListNames(int limit, out bool complete)
    {
        var names = new List<byte[]>();
        complete = true;
        int fd;
        fixed (byte* dot = ".\0"u8)
        {
            // a descriptor of its own for readdir (which takes it over): "." is this very directory
            fd = OpenAt(_handle, dot, ORdOnly | ODirectory | OCloExec, 0);
        }
        if (fd < 0)
        {
            throw Error("list a workspace directory");
        }
        var stream = FdOpenDir(fd);
        if (stream == 0)
        {
            var error = Error("list a workspace directory");
            Close(fd);
            throw error;
        }
        try
        {
            while (ReadDir(stream) is var entry && entry != 0)
            {
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + DirentNameOffset);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }
                if (names.Count >= limit)
                {
                    complete = false;
                    break;
                }
                var copy = new byte[name.Length + 1];
                name.CopyTo(copy);
                names.Add(copy);
            }
            if (complete && LastError != 0)
            {
                throw Error("list a workspace directory");
            }
        }
        finally
        {
            CloseDir(stream);
        }
        return names;
    }

    private unsafe WorkspaceDirectory? TryOpenDirectory(byte[] name, out int errno)
    {
        fixed (byte* p = name)
        {
            var fd = OpenAt(_handle, p, ORdOnly | ODirectory | ONoFollow | OCloExec, 0);
            errno = fd < 0 ? LastError : 0;
            return fd >= 0 ? new WorkspaceDirectory(new SafeFileHandle(fd, ownsHandle: true)) : null;
        }
    }

    private unsafe bool TryStat(byte[] name, out Statx stat)
    {
        stat = default;
        fixed (byte* p = name)
        fixed (Statx* s = &stat)
        {
            if (StatxAt(_handle, p, AtSymlinkNoFollow, StatxBasicStats, s) == 0)
            {
                return true;
            }
        }
        return LastError is ENoEnt or ENotDir ? false : throw Error("stat an entry of a workspace");
    }

    private static unsafe Statx StatOf(SafeFileHandle file)
    {
        Statx stat = default;
        fixed (byte* empty = "\0"u8)
        {
            if (StatxAt(file, empty, AtEmptyPath | AtSymlinkNoFollow, StatxBasicStats, &stat) != 0)
            {
                throw Error("stat a workspace file");
            }
        }
        return stat;
    }

    private unsafe int Unlink(byte[] name, int flags)
    {
        fixed (byte* p = name)
        {
            return UnlinkAt(_handle, p, flags);
        }
    }

    private static unsafe int Rename(WorkspaceDirectory from, byte[] fromName, WorkspaceDirectory to, byte[] toName, uint flags)
    {
        fixed (byte* source = fromName)
        fixed (byte* target = toName)
        {
            return RenameAt2(from._handle, source, to._handle, target, flags);
        }
    }

    /// <summary>A single path component as NUL-terminated UTF-8.</summary>
    private static byte[] EncodeName(string name) =>
        name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal)
            ? throw new ArgumentException($"'{name}' is not a plain file name.", nameof(name))
            : NulTerminated(name);

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static IOException ErrorFor(int errno, string what) =>
        new($"{what} ({Marshal.GetPInvokeErrorMessage(errno)})", errno);
}
