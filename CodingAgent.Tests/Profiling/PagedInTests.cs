using System.Globalization;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// <see cref="PagedIn"/>: the memory profile's large arrays come paged in (one system call, not a fault a page as they
/// are first used), zeroed or as the caller will write them, and its file is read whole into one.
/// </summary>
public sealed class PagedInTests
{
    [Fact]
    public void A_large_array_comes_zeroed_and_paged_in_so_its_first_use_faults_almost_nowhere()
    {
        // 64 MB: more than the runtime keeps at hand, so fresh memory that would fault a page at a time
        const int pages = 16_384;
        var array = PagedIn.Zeroed<long>(pages * 512);

        var before = MinorFaultsOfThisThread();
        var sum = 0L;
        for (var i = 0; i < array.Length; i += 512)
        {
            sum += array[i];
            array[i] = i;
        }
        var faults = MinorFaultsOfThisThread() - before;

        Assert.Equal(0, sum);
        Assert.Equal(pages * 512, array.Length);
        // (a page not paged in faults once read, again written: 32,768 faults)
        Assert.InRange(faults, 0, pages / 16);
    }

    [Fact]
    public void An_uninitialized_array_has_the_length_asked_and_a_small_one_is_made_as_usual()
    {
        Assert.Equal(300_000, PagedIn.Uninitialized<double>(300_000).Length);
        Assert.Equal([0, 0, 0], PagedIn.Zeroed<int>(3));
        Assert.Empty(PagedIn.Uninitialized<byte>(0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData((4 << 20) - 1)]
    [InlineData((9 << 20) + 3)]
    public void A_file_is_read_whole_in_pieces_of_any_size(int length)
    {
        var path = Path.Combine(Path.GetTempPath(), "paged-in-" + Guid.NewGuid().ToString("N"));
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        try
        {
            // (a head as long as the file or longer: read whole, 4 MB a read)
            Assert.Equal(bytes, PagedIn.ReadAllBytes(path, int.MaxValue, (_, whole) => whole, out var whole, CancellationToken.None).Bytes);
            Assert.True(whole);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(10, 16)]
    [InlineData(16, 16)]
    [InlineData(17, 16)]
    [InlineData((9 << 20) + 3, 4 << 20)]
    public void A_file_is_read_whole_with_its_head_told_first(int length, int headBytes)
    {
        var path = Path.Combine(Path.GetTempPath(), "paged-in-" + Guid.NewGuid().ToString("N"));
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] &= 0x7F;
        }
        File.WriteAllBytes(path, bytes);
        try
        {
            var (read, utf8) = PagedIn.ReadAllBytes(path, headBytes, (head, whole) => (Head: head.ToArray(), Whole: whole), out var told, CancellationToken.None);

            Assert.Equal(bytes, read);
            Assert.True(utf8);
            Assert.Equal(bytes[..Math.Min(length, headBytes)], told.Head);
            Assert.Equal(length <= headBytes, told.Whole);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("abcdefgh", true)]
    [InlineData("abcd\\u00e9fgh", true)]
    [InlineData("abc\\u20ac\\u20acdefgh", true)]
    [InlineData("ab\\U0001F600\\U0001F600cdefgh", true)]
    [InlineData("abcd\\xff", false)]
    [InlineData("\\xffabcdefgh", false)]
    [InlineData("abcdefg\\x80\\x80\\x80\\x80", false)]
    [InlineData("abcde\\xc3", false)]
    public void A_file_read_with_its_head_first_is_utf8_exactly_when_all_of_it_is(string escaped, bool valid)
    {
        // a character cut by the end of the head (4 bytes: each split of a 2-, 3- and 4-byte character) counts as a whole
        var bytes = Escaped(escaped);
        var path = Path.Combine(Path.GetTempPath(), "paged-in-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        try
        {
            for (var headBytes = 1; headBytes <= bytes.Length; headBytes++)
            {
                var (read, utf8) = PagedIn.ReadAllBytes(path, headBytes, (_, _) => 0, out _, CancellationToken.None);
                Assert.Equal(bytes, read);
                Assert.Equal(valid, utf8);
                Assert.Equal(System.Text.Unicode.Utf8.IsValid(bytes), utf8);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Text with \uXXXX, \UXXXXXXXX (as UTF-8) and \xHH (a byte as it is).</summary>
    private static byte[] Escaped(string escaped)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && escaped[i + 1] == 'x')
            {
                bytes.Add(byte.Parse(escaped.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 3;
            }
            else if (escaped[i] == '\\' && escaped[i + 1] is 'u' or 'U')
            {
                var digits = escaped[i + 1] == 'u' ? 4 : 8;
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(char.ConvertFromUtf32(int.Parse(escaped.AsSpan(i + 2, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
                i += 1 + digits;
            }
            else
            {
                bytes.Add((byte)escaped[i]);
            }
        }
        return [.. bytes];
    }

    [Fact]
    public void Reading_a_file_stops_when_cancelled()
    {
        var path = Path.Combine(Path.GetTempPath(), "paged-in-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, new byte[1 << 20]);
        try
        {
            Assert.Throws<OperationCanceledException>(() => PagedIn.ReadAllBytes(path, 4096, (_, _) => 0, out _, new CancellationToken(canceled: true)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The calling thread's minor page faults so far (/proc/thread-self/stat, field 10).</summary>
    private static long MinorFaultsOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }
}
