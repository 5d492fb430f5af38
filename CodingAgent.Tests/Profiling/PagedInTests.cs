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
            Assert.Equal(bytes, PagedIn.ReadAllBytes(path, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Reading_a_file_stops_when_cancelled()
    {
        var path = Path.Combine(Path.GetTempPath(), "paged-in-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, new byte[1 << 20]);
        try
        {
            Assert.Throws<OperationCanceledException>(() => PagedIn.ReadAllBytes(path, new CancellationToken(canceled: true)));
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
