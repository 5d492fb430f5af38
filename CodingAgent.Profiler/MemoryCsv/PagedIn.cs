using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

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

    /// <summary>
    /// The whole file at <paramref name="path"/>, in an array paged in before it is read into (4 MB a read; shorter
    /// than it was a moment ago: what it holds now; longer: read again as a whole), and whether it is UTF-8
    /// throughout; its first <paramref name="headBytes"/> bytes are read first and given to
    /// <paramref name="head"/> on this thread while another thread reads (and checks) the rest, so that what the head
    /// tells (the guess at the first rows' types) is made as the file is read, not after. The head is told whether it
    /// is the whole file; when the file changed size while it was read, <paramref name="head"/> is given the whole of
    /// what was read, again.
    /// </summary>
    public static (byte[] Bytes, bool Utf8) ReadAllBytes<T>(string path, int headBytes, HeadReader<T> head, out T told, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path);
        var bytes = Allocate(handle);
        var cut = Math.Min(bytes.Length, headBytes);
        var read = Fill(handle, bytes, 0, cut, cancellationToken);
        if (read < bytes.Length && read == cut)
        {
            // the rest on another thread, checked there from the first character that starts after the head
            var rest = Task.Run(() =>
            {
                var end = cut + Fill(handle, bytes, cut, bytes.Length, cancellationToken);
                var from = CharacterStart(bytes, cut);
                return (End: end, From: from, Valid: from >= 0 && System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(from, end - from)));
            }, cancellationToken);
            try
            {
                told = head(bytes.AsSpan(0, cut), whole: false);
            }
            catch
            {
                // the file stays open until the other thread is done with it
                ((IAsyncResult)rest).AsyncWaitHandle.WaitOne();
                throw;
            }
            var (end, from, validRest) = rest.GetAwaiter().GetResult();
            var valid = validRest && System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(0, from));
            if (end == bytes.Length && ReadsNoMore(handle, end))
            {
                return (bytes, valid);
            }
            // shorter or longer than it was a moment ago: what it holds now, read again as a whole
            bytes = end < bytes.Length ? bytes[..end] : File.ReadAllBytes(path);
        }
        else
        {
            bytes = read < bytes.Length ? bytes[..read] : Whole(handle, path, bytes);
        }
        told = head(bytes, whole: true);
        return (bytes, System.Text.Unicode.Utf8.IsValid(bytes));
    }

    /// <summary>An array as long as the file, paged in.</summary>
    private static byte[] Allocate(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new IOException("The file is too large to read into memory.");
        }
        return Uninitialized<byte>((int)length);
    }

    /// <summary>Reads the file's bytes from <paramref name="from"/> to <paramref name="to"/> into the array at the same offsets, 4 MB at a time; the bytes read (fewer at the file's end).</summary>
    private static int Fill(SafeFileHandle handle, byte[] bytes, int from, int to, CancellationToken cancellationToken)
    {
        var read = from;
        while (read < to)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = RandomAccess.Read(handle, bytes.AsSpan(read, Math.Min(to - read, 4 << 20)), read);
            if (count == 0)
            {
                break;
            }
            read += count;
        }
        return read - from;
    }

    /// <summary>The array filled to its length: itself when the file holds no more, else the file read again as a whole (it grew).</summary>
    private static byte[] Whole(SafeFileHandle handle, string path, byte[] bytes) => ReadsNoMore(handle, bytes.Length) ? bytes : File.ReadAllBytes(path);

    private static bool ReadsNoMore(SafeFileHandle handle, long at)
    {
        Span<byte> more = stackalloc byte[1];
        return RandomAccess.Read(handle, more, at) == 0;
    }

    /// <summary>
    /// Where the UTF-8 character that holds byte <paramref name="at"/> (inside the array) starts: the byte that continues
    /// none, at most three back; -1 when there is none (four continuation bytes in a row: not UTF-8).
    /// </summary>
    private static int CharacterStart(byte[] bytes, int at)
    {
        for (var back = 0; back < 4 && at - back >= 0; back++)
        {
            if ((bytes[at - back] & 0xC0) != 0x80)
            {
                return at - back;
            }
        }
        return -1;
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
