using System.Runtime.InteropServices;

namespace CodingAgent.Profiler;

/// <summary>
/// Large arrays paged in by one system call as they are made (<c>madvise(MADV_POPULATE_WRITE)</c>, Linux 5.14), not a
/// page fault at a time as they are first used. A fresh array read before it is written (a hash table's slots, a
/// bitmap) otherwise faults twice a page: the shared zero page, then a copy of it, each copy flushing the other core's
/// TLB (10 MB: about 6,000 faults, a sixth of the profile's CPU time on this VM). Where the kernel or a filter refuses,
/// the arrays fault in as before.
/// </summary>
internal static unsafe partial class PagedIn
{
    /// <summary>Arrays smaller than this are left to fault in (a few pages: the call costs more than it saves).</summary>
    public const int FromBytes = 64 << 10;

    private const int PopulateWrite = 23;
    private const int PageSize = 4096;

    private static volatile bool _refused;

    /// <summary>A zeroed array of <paramref name="length"/>, paged in when large.</summary>
    public static T[] Zeroed<T>(int length)
        where T : unmanaged
    {
        var array = new T[length];
        Populate(array);
        return array;
    }

    /// <summary>An array of <paramref name="length"/> whose every element the caller writes before reading, paged in when large.</summary>
    public static T[] Uninitialized<T>(int length)
        where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length);
        Populate(array);
        return array;
    }

    /// <summary>The whole file at <paramref name="path"/> in an array paged in before it is read into.</summary>
    public static byte[] ReadAllBytes(string path, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new IOException("The file is too large to read into memory.");
        }
        var bytes = Uninitialized<byte>((int)length);
        var read = 0;
        while (read < bytes.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = RandomAccess.Read(handle, bytes.AsSpan(read, Math.Min(bytes.Length - read, 4 << 20)), read);
            if (count == 0)
            {
                // shorter than it was a moment ago: what it holds now
                return bytes[..read];
            }
            read += count;
        }
        Span<byte> more = stackalloc byte[1];
        // longer than it was: read again as a whole
        return RandomAccess.Read(handle, more, read) == 0 ? bytes : File.ReadAllBytes(path);
    }

    /// <summary>Asks the kernel to map every whole page of the array writable now (its content stays as it is).</summary>
    private static void Populate<T>(T[] array)
        where T : unmanaged
    {
        var bytes = (long)array.Length * sizeof(T);
        if (bytes < FromBytes || _refused)
        {
            return;
        }
        fixed (T* start = array)
        {
            var first = ((nint)start + PageSize - 1) & ~(nint)(PageSize - 1);
            var end = ((nint)start + (nint)bytes) & ~(nint)(PageSize - 1);
            if (end > first && Madvise(first, (nuint)(end - first), PopulateWrite) != 0)
            {
                // an older kernel (EINVAL), a filter (EPERM), or memory the kernel will not give now (the array's
                // own first use then reports that as it would have): the rest fault in as they are used
                _refused = true;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
