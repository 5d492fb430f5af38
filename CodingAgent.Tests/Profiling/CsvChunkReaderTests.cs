using System.Text;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>A file read in chunks comes back whole, byte for byte, each chunk ended after a row (never inside quotes).</summary>
public sealed class CsvChunkReaderTests : IDisposable
{
    private readonly ProfilerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("a,b\n1,2\n", 2)]
    [InlineData("a,b\n1,2\n3,4\n", 3)]
    [InlineData("a,\"b\nc\",d\n1,2,3\n", 3)]
    [InlineData("x\n\"\"\"q\"\"\n\",1\n", 3)]
    [InlineData("no newline at all", 0)]
    [InlineData("open \"quote\nstill open\n", 0)]
    public void The_last_row_ends_after_the_last_newline_outside_quotes(string text, int newline)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var end = CsvChunkReader.LastRowEnd(bytes);

        Assert.Equal(newline == 0 ? 0 : NthNewlineEnd(text, newline), end);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(200)]
    [InlineData(4096)]
    public async Task A_file_read_in_chunks_comes_back_whole_each_chunk_ended_after_a_row(int chunkBytes)
    {
        var text = new StringBuilder("id,text\n");
        for (var i = 0; i < 500; i++)
        {
            text.Append(i).Append(i % 3 == 0 ? ",\"two\nlines, \"\"quoted\"\"\"\n" : ",plain é\n");
        }
        text.Append("500,last row without newline");
        var path = _fixture.Write("chunks.csv", text.ToString());
        var read = new List<byte>();
        var chunks = 0;

        using (var reader = new CsvChunkReader(path, chunkBytes))
        {
            while (await reader.NextAsync(CancellationToken.None) is ({ } data, var length))
            {
                var chunk = data.AsSpan(0, length);
                chunks++;
                read.AddRange(chunk.ToArray());
                if (read.Count < new FileInfo(path).Length)
                {
                    // a chunk but the last ends after a newline, its quotes even in number
                    Assert.Equal((byte)'\n', chunk[^1]);
                    Assert.Equal(0, chunk.Count((byte)'"') % 2);
                }
            }
        }

        Assert.Equal(File.ReadAllBytes(path), read.ToArray());
        Assert.True(chunks >= new FileInfo(path).Length / (chunkBytes + 40), $"{chunks} chunks");
    }

    [Fact]
    public async Task A_row_longer_than_a_chunk_is_refused()
    {
        var path = _fixture.Write("long.csv", "a,b\n1," + new string('x', 1000) + "\n");
        using var reader = new CsvChunkReader(path, 256);

        // (the header is a chunk of its own)
        Assert.Equal(4, (await reader.NextAsync(CancellationToken.None))?.Length);
        await Assert.ThrowsAsync<InvalidDataException>(() => reader.NextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_in_a_later_chunk_are_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i},x\n"))).Concat(new byte[] { (byte)'1', (byte)',', 0xE9, (byte)'\n' }).ToArray();
        var path = _fixture.Write("latin1.csv", bytes);
        using var reader = new CsvChunkReader(path, 512);

        Assert.NotNull(await reader.NextAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            while (await reader.NextAsync(CancellationToken.None) is not null)
            {
            }
        });
    }

    private static int NthNewlineEnd(string text, int n)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var seen = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' && ++seen == n)
            {
                return i + 1;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(n));
    }
}
