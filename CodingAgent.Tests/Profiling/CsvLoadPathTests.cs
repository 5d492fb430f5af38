using System.Globalization;
using System.Text;
using CodingAgent.Core.Profiling;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// The CSV load's two paths and its partial UTF-8 check: a file loaded once in file order (its first rows a view) and
/// one loaded in parallel (its first rows read again) give the same profile; a byte that is not UTF-8 past the part
/// validated before the load is found by DuckDB's reader, and the file is read as the whole-file sniff would read it.
/// </summary>
public sealed class CsvLoadPathTests : IDisposable
{
    private readonly ProfilerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task A_file_loaded_in_order_and_one_loaded_in_parallel_with_its_first_rows_read_again_give_the_same_profile()
    {
        // longer than the inference's sample, so that the first rows are a part of the table; the value ranges and
        // markers change past the sample, so that a sample of other rows would give other bins, fences and types
        var text = new StringBuilder("id,amount,price,qty,ordered,city\n");
        for (var i = 1; i <= 130_000; i++)
        {
            var late = i > 100_000;
            var amount = late ? (i % 900 + 1000).ToString(CultureInfo.InvariantCulture) : (i % 90).ToString(CultureInfo.InvariantCulture);
            var qty = i % 97 == 0 ? "N/A" : late && i % 5 == 0 ? "lots" : (i % 20).ToString(CultureInfo.InvariantCulture);
            var date = i % 100 == 0 ? $"{i % 28 + 1:00}/{i % 12 + 1:00}/2024" : $"2024-{i % 12 + 1:00}-{i % 28 + 1:00}";
            text.Append(CultureInfo.InvariantCulture, $"{i},{amount},\"${i % 3000:N0}.{i % 100:00}\",{qty},{date},{(i % 3 == 0 ? "Paris" : " paris")}\n");
        }
        var path = _fixture.Write("orders.csv", text.ToString());

        var ordered = await ProfileAsync(path, new ProfilerSettings(512, 2, _fixture.Scratch, OrderedLoadUpToBytes: long.MaxValue, MemoryCsvUpToBytes: 0));
        var parallel = await ProfileAsync(path, new ProfilerSettings(512, 2, _fixture.Scratch, OrderedLoadUpToBytes: 0, MemoryCsvUpToBytes: 0));

        Assert.Equal(ProfileStatuses.Ready, ordered.Status);
        var table = ordered.Tables.Single();
        Assert.Equal(130_000, table.Rows);
        // the sample is the first 100,000 rows in file order: the quantiles are theirs (0–89), not the late rows' (1,000 and up)
        Assert.InRange(table.Columns.Single(c => c.Name == "amount").Quantiles![^1], 80, 89);
        Assert.Equal(1899, table.Columns.Single(c => c.Name == "amount").Max?.GetDouble());
        Assert.Equal(ColumnTypes.Integer, table.Columns.Single(c => c.Name == "qty").Type);
        foreach (var (inOrder, inParallel) in table.Columns.Zip(parallel.Tables.Single().Columns))
        {
            Assert.Equal(inOrder.Mean ?? 0, inParallel.Mean ?? 0, 1e-9);
            Assert.Equal(inOrder.Std ?? 0, inParallel.Std ?? 0, 1e-9);
        }
        Assert.Equal(ProfilerFixture.JsonWithoutSums(ordered), ProfilerFixture.JsonWithoutSums(parallel));
    }

    /// <summary>The file's first 64 KB are validated (all ASCII): DuckDB's reader, or the read into memory, meets the é at the end.</summary>
    public static TheoryData<string, bool> LateLatin1Reads => new()
    {
        { "loaded into DuckDB", false },
        { "read into memory", true },
    };

    [Theory]
    [MemberData(nameof(LateLatin1Reads))]
    public async Task A_byte_that_is_not_utf8_past_the_validated_start_is_found_by_the_read_and_the_file_is_read_as_latin1(string read, bool memory)
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("id,name,price\n"));
        for (var i = 1; i <= 20_000; i++)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{i},n{i % 50},{i % 70}.5\n")));
        }
        bytes.AddRange(Encoding.Latin1.GetBytes("20001,Café,3.5\n"));
        var path = _fixture.Write("late_latin1.csv", [.. bytes]);
        Assert.True(new FileInfo(path).Length > 4 * 64 * 1024);

        // (a file that may be read into memory is validated over its first 64 KB, for all the setting's 16 MB)
        var partly = await ProfileAsync(path, memory
            ? new ProfilerSettings(512, 1, _fixture.Scratch, Utf8ValidatedBytes: 16L << 20, MemoryCsvUpToBytes: 128L << 20)
            : new ProfilerSettings(512, 1, _fixture.Scratch, Utf8ValidatedBytes: 64 * 1024, MemoryCsvUpToBytes: 0));
        var whole = await ProfileAsync(path, new ProfilerSettings(512, 1, _fixture.Scratch, Utf8ValidatedBytes: long.MaxValue, MemoryCsvUpToBytes: 0));

        Assert.Equal(ProfileStatuses.Ready, partly.Status);
        var table = partly.Tables.Single();
        Assert.True("latin-1" == table.Read.Encoding, read);
        Assert.Equal(20_001, table.Rows);
        Assert.Equal("Café", table.Columns.Single(c => c.Name == "name").Min?.GetString());
        Assert.Equal(ProfilerFixture.JsonWithoutSums(whole), ProfilerFixture.JsonWithoutSums(partly));
    }

    [Fact]
    public async Task A_wide_file_validated_only_in_part_is_sniffed_whole_before_it_is_narrowed()
    {
        // more columns than are profiled: the narrowed copy is written by .NET, so the whole file is sniffed first
        const int columns = ProfileLimits.MaxProfiledColumns + 20;
        var header = string.Join(",", Enumerable.Range(0, columns).Select(c => "c" + c.ToString(CultureInfo.InvariantCulture)));
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(header + "\n"));
        for (var row = 0; row < 60; row++)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(string.Join(",", Enumerable.Range(0, columns).Select(c => (row * c % 1000).ToString(CultureInfo.InvariantCulture))) + "\n"));
        }
        bytes.AddRange(Encoding.Latin1.GetBytes("é," + string.Join(",", Enumerable.Range(1, columns - 1).Select(_ => "1")) + "\n"));
        var path = _fixture.Write("wide_latin1.csv", [.. bytes]);
        Assert.True(new FileInfo(path).Length > 64 * 1024);

        var profile = await ProfileAsync(path, new ProfilerSettings(512, 1, _fixture.Scratch, Utf8ValidatedBytes: 64 * 1024, MemoryCsvUpToBytes: 0));

        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        var table = profile.Tables.Single();
        Assert.Equal("latin-1", table.Read.Encoding);
        Assert.Equal(61, table.Rows);
        Assert.Contains("é", table.Columns[0].Top.Select(t => t.Value));
    }

    private async Task<FileProfile> ProfileAsync(string path, ProfilerSettings settings)
    {
        var profile = await new FileProfiler(settings).ProfileAsync(path, Path.GetFileName(path), null, CancellationToken.None);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_fixture.Scratch));
        return profile;
    }
}
