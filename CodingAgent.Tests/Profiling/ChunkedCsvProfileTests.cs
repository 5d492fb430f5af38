using System.Globalization;
using System.Text;
using CodingAgent.Core.Profiling;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// A CSV larger than a read into memory may be is profiled in memory one chunk at a time, to the profile DuckDB gives
/// it (and the one read into memory at once gives it); a file the chunks cannot be sure of is profiled by DuckDB.
/// Chunks here are small (a few MB, the first holding the type inference's 100,000 rows) so that a file spans several.
/// </summary>
public sealed class ChunkedCsvProfileTests : IDisposable
{
    private readonly ProfilerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task A_mixed_csv_profiled_in_chunks_gives_the_profile_DuckDB_and_a_whole_read_give(string newLine)
    {
        // about 110 bytes a row: 12 MB chunks, three of them and a bit
        var path = _fixture.Write("mixed.csv", MemoryCsvProfileTests.Mixed(320_000, newLine, seed: 7));

        var chunked = await ProfileInChunksAsDuckDbDoesAsync(path, chunkBytes: 12 << 20, alsoWhole: true);

        Assert.Equal(ProfileStatuses.Ready, chunked.Status);
        Assert.Equal(320_000, chunked.Tables.Single().Rows);
    }

    [Fact]
    public async Task Rows_repeated_in_later_chunks_count_as_duplicates()
    {
        // no column is unique: each row's copy stands 150,000 rows later, in another chunk
        var path = _fixture.Write("repeats.csv", "a,b,c\n" + MemoryCsvProfileTests.Rows(300_000, i =>
        {
            var k = i % 150_000;
            return string.Create(CultureInfo.InvariantCulture, $"{k % 1000},w{k / 1000},{k % 7}\n");
        }));

        var chunked = await ProfileInChunksAsDuckDbDoesAsync(path, chunkBytes: 1 << 20);

        Assert.Equal(150_000, chunked.Tables.Single().DuplicateRows);
    }

    [Fact]
    public async Task Quoted_fields_across_lines_are_read_whole_whichever_chunk_they_end_in()
    {
        var path = _fixture.Write("multiline.csv", "id,text,n\n" + MemoryCsvProfileTests.Rows(240_000, i =>
            string.Create(CultureInfo.InvariantCulture, $"{i},\"line {i % 13}\nand \"\"more\"\", {i % 5}\",{i % 11}\n")));

        var chunked = await ProfileInChunksAsDuckDbDoesAsync(path, chunkBytes: 5 << 20);

        Assert.Equal(240_000, chunked.Tables.Single().Rows);
    }

    [Fact]
    public async Task Text_keys_and_free_text_are_profiled_from_their_rows_to_the_profile_DuckDB_gives()
    {
        // a key of text, free text whose values all differ (with blanks, markers and whitespace), and a key repeated by
        // a later chunk's rows in another column that is not one
        var path = _fixture.Write("text_keys.csv", "order_id,comment,n\n" + MemoryCsvProfileTests.Rows(300_000, i =>
        {
            var comment = (i % 1000) switch
            {
                0 => "N/A",
                1 => "",
                2 => string.Create(CultureInfo.InvariantCulture, $" spaced {i} "),
                _ => string.Create(CultureInfo.InvariantCulture, $"note {i * 7919 % 1_000_003} é"),
            };
            return string.Create(CultureInfo.InvariantCulture, $"ORD-{i:0000000},{comment},{i % 13}\n");
        }));

        // 64 MB: a quarter of it (16 MB) for what the chunks keep, less than a table of the keys would take (22 MB)
        var chunked = await ProfileInChunksAsDuckDbDoesAsync(path, chunkBytes: 4 << 20, memoryMb: 64, alsoWhole: true);

        Assert.Equal(300_000, chunked.Tables.Single().Columns[0].Distinct);
        Assert.Equal(0, chunked.Tables.Single().DuplicateRows);
    }

    [Fact]
    public async Task A_key_of_numbers_written_as_text_is_counted_exactly_from_its_rows()
    {
        // "X5" among the first rows: the sniffer reads the key as text, the type inference as numbers written as text
        var path = _fixture.Write("text_numbers_key.csv", "id,v\n" + MemoryCsvProfileTests.Rows(300_000, i =>
            string.Create(CultureInfo.InvariantCulture, $"{(i == 5 ? "X5" : i.ToString(CultureInfo.InvariantCulture))},{i % 7}\n")));

        // 64 MB: a quarter of it (16 MB) for what the chunks keep, less than a table of the keys would take
        var chunked = await ProfileInChunksAsDuckDbDoesAsync(path, chunkBytes: 2 << 20, memoryMb: 64);

        Assert.Equal(299_999, chunked.Tables.Single().Columns[0].Distinct);
    }

    [Fact]
    public async Task Integers_dense_in_the_first_chunk_and_far_apart_later_are_counted_exactly()
    {
        // a key: 1…150,000, then values a million apart (each chunk's own range too wide for its bitmap), negative too
        var path = _fixture.Write("keys.csv", "id,v\n" + MemoryCsvProfileTests.Rows(300_000, i =>
        {
            var id = i <= 150_000 ? i : (i % 2 == 0 ? 1L : -1L) * (1_000_000_000_000L + i * 1_000_003L);
            return string.Create(CultureInfo.InvariantCulture, $"{id},{i % 7}\n");
        }));

        var chunked = await ProfileInChunksAsDuckDbDoesAsync(path, chunkBytes: 1 << 20);

        Assert.Equal(300_000, chunked.Tables.Single().Columns[0].Distinct);
    }

    [Fact]
    public async Task Text_in_a_typed_column_in_a_later_chunk_makes_the_column_text_as_in_DuckDB()
    {
        // past the sniffer's sample and the first chunk: DuckDB's load reads the column as text; so do the chunks,
        // read again from the first
        var path = _fixture.Write("late_text.csv", "n,v\n" + MemoryCsvProfileTests.Rows(300_000, i => string.Create(CultureInfo.InvariantCulture, $"{i},{i % 50}\n")) + "300001,many\n");

        _ = await ProfileInChunksAsDuckDbDoesAsync(path, chunkBytes: 1 << 20);
    }

    [Fact]
    public async Task A_key_unique_in_the_first_chunk_but_not_in_the_file_has_its_duplicate_rows_counted_by_a_second_read()
    {
        // the first chunk's key made hashing the rows needless; the last row repeats the first
        var path = _fixture.Write("late_repeat.csv", "n,v\n" + MemoryCsvProfileTests.Rows(300_000, i => string.Create(CultureInfo.InvariantCulture, $"{i},k{i % 50}\n")) + "1,k1\n");

        var chunked = await ProfileInChunksAsDuckDbDoesAsync(path, chunkBytes: 1 << 20);

        Assert.Equal(1, chunked.Tables.Single().DuplicateRows);
    }

    public static TheoryData<string, string> FilesTheChunksCannotBeSureOf() => new()
    {
        // a number whose cast only DuckDB knows, past the sniffer's sample and the first chunk
        { "hex.csv", "0x10,k1\n" },
        // a short row (DuckDB pads it)
        { "short_row.csv", "300001\n" },
    };

    [Theory]
    [MemberData(nameof(FilesTheChunksCannotBeSureOf))]
    public async Task A_file_the_chunks_cannot_be_sure_of_is_profiled_by_DuckDB(string file, string late)
    {
        var text = "n,v\n" + MemoryCsvProfileTests.Rows(300_000, i => string.Create(CultureInfo.InvariantCulture, $"{i},k{i % 50}\n")) + late;
        var path = _fixture.Write(file, text);

        var (chunked, engine) = await ProfileAsync(path, chunkBytes: 1 << 20);
        var (duckDb, _) = await ProfileAsync(path, chunkBytes: 0);

        Assert.Equal("duckdb", engine);
        Assert.Equal(ProfilerFixture.JsonWithoutSums(duckDb), ProfilerFixture.JsonWithoutSums(chunked));
    }

    [Fact]
    public async Task A_later_chunk_that_is_not_UTF8_leaves_the_whole_file_to_DuckDB()
    {
        // one Latin-1 byte in the last rows (past the 64 KB the encoding's sniff validates before the chunks)
        var text = "n,v\n" + MemoryCsvProfileTests.Rows(300_000, i => string.Create(CultureInfo.InvariantCulture, $"{i},k{i % 50}\n"));
        var bytes = Encoding.UTF8.GetBytes(text).Concat("300001,caf"u8.ToArray()).Concat(new byte[] { 0xE9, (byte)'\n' }).ToArray();
        var path = _fixture.Write("latin1_late.csv", bytes);

        var (profile, engine) = await ProfileAsync(path, chunkBytes: 1 << 20);

        Assert.Equal("duckdb", engine);
        Assert.Equal(300_001, profile.Tables.Single().Rows);
    }

    [Fact]
    public async Task A_row_longer_than_a_chunk_and_what_follows_leaves_the_whole_file_to_DuckDB()
    {
        // a 3 MB quoted field in a later chunk: no row ends in the chunk read after the one it starts in
        var path = _fixture.Write("long_row.csv", "n,v\n" + MemoryCsvProfileTests.Rows(300_000, i => string.Create(CultureInfo.InvariantCulture,
            $"{i},{(i == 200_000 ? "\"" + new string('x', 3 << 20) + "\"" : "k" + (i % 50).ToString(CultureInfo.InvariantCulture))}\n")));

        var (profile, engine) = await ProfileAsync(path, chunkBytes: 1 << 20);

        Assert.Equal("duckdb", engine);
        Assert.Equal(300_000, profile.Tables.Single().Rows);
    }

    [Fact]
    public async Task A_first_chunk_of_fewer_rows_than_the_type_inference_reads_leaves_the_file_to_DuckDB()
    {
        var path = _fixture.Write("wide_rows.csv", "id,text\n" + MemoryCsvProfileTests.Rows(150_000, i => string.Create(CultureInfo.InvariantCulture, $"{i},{new string((char)('a' + i % 26), 40)}\n")));

        var (chunked, engine) = await ProfileAsync(path, chunkBytes: 1 << 20);

        Assert.Equal("duckdb", engine);
        Assert.Equal(150_000, chunked.Tables.Single().Rows);
    }

    /// <summary>
    /// The file's profile in chunks, asserted to be made in chunks and to be the profile DuckDB gives (and, with
    /// <paramref name="alsoWhole"/>, the profile of the file read into memory at once).
    /// </summary>
    private async Task<FileProfile> ProfileInChunksAsDuckDbDoesAsync(string path, int chunkBytes, int memoryMb = 512, bool alsoWhole = false)
    {
        var (chunked, engine) = await ProfileAsync(path, chunkBytes, memoryMb: memoryMb);
        var (duckDb, duckDbEngine) = await ProfileAsync(path, chunkBytes: 0);
        Assert.Equal("chunks", engine);
        Assert.Equal("duckdb", duckDbEngine);
        ProfilerFixture.AssertSameProfile(duckDb, chunked);
        if (alsoWhole)
        {
            var (whole, wholeEngine) = await ProfileAsync(path, chunkBytes: 0, memoryUpTo: 128L << 20);
            Assert.Equal("memory", wholeEngine);
            ProfilerFixture.AssertSameProfile(whole, chunked);
        }
        return chunked;
    }

    /// <param name="chunkBytes">The chunks' size (files over 1 MB are profiled in chunks); 0: never in chunks.</param>
    /// <param name="memoryUpTo">Files up to this size are read into memory at once (0: none).</param>
    /// <param name="memoryMb">The memory of the whole profile.</param>
    private async Task<(FileProfile Profile, string? Engine)> ProfileAsync(string path, int chunkBytes, long memoryUpTo = 0, int memoryMb = 512)
    {
        string? engine = null;
        var settings = new ProfilerSettings(memoryMb, 2, _fixture.Scratch, MemoryCsvUpToBytes: memoryUpTo > 0 ? memoryUpTo : chunkBytes > 0 ? 1 << 20 : 0, MemoryChunkBytes: chunkBytes);
        var profile = await new FileProfiler(settings) { ProfiledBy = e => engine = e }
            .ProfileAsync(path, Path.GetFileName(path), null, CancellationToken.None);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_fixture.Scratch));
        return (profile, engine);
    }
}
