using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// <see cref="FieldStops"/>: the next separator, line end or (when asked) quote at or after a position, the same with
/// 256-bit vectors, 128-bit vectors (Arm64) and byte by byte, wherever it falls among the 64-byte stretches.
/// </summary>
public sealed class FieldStopsTests
{
    [Theory]
    [InlineData(256, true)]
    [InlineData(128, true)]
    [InlineData(0, true)]
    [InlineData(256, false)]
    [InlineData(128, false)]
    [InlineData(0, false)]
    public void The_next_stop_is_the_first_separator_line_end_or_quote_at_or_after_a_position(int vectorBits, bool quotes)
    {
        // mostly letters, a stop now and then, runs without any longer than a stretch, and bytes above 0x7F
        var random = new Random(vectorBits + (quotes ? 1 : 0));
        var data = new byte[5_000];
        for (var i = 0; i < data.Length; i++)
        {
            var roll = random.Next(100);
            data[i] = i is > 1_000 and < 1_200 ? (byte)'x'
                : roll switch { < 4 => (byte)';', < 6 => (byte)'\n', < 7 => (byte)'\r', < 9 => (byte)'"', < 12 => (byte)(0x80 + random.Next(128)), _ => (byte)('a' + random.Next(26)) };
        }
        var stops = new FieldStops(data, (byte)';', quotes, vectorBits);
        var step = 0;
        var at = 0;
        // forward as a reader goes (past each stop), with an end inside the data now and then
        while (at < data.Length)
        {
            var end = step++ % 7 == 0 ? Math.Min(data.Length, at + random.Next(1, 90)) : data.Length;
            var expected = Naive(data, at, end, quotes);

            Assert.Equal(expected, stops.Next(at, end));

            at = expected + 1 + random.Next(3);
        }
    }

    private static int Naive(byte[] data, int from, int end, bool quotes)
    {
        for (var i = from; i < end; i++)
        {
            if (data[i] is (byte)';' or (byte)'\n' or (byte)'\r' || (quotes && data[i] == (byte)'"'))
            {
                return i;
            }
        }
        return end;
    }
}
