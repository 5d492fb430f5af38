using System.Globalization;
using System.Text;
using CodingAgent.Core.Profiling;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// CSV files read and profiled in memory by .NET give the profile DuckDB gives the same file (field by field; means and
/// deviations to rounding; distinct counts that DuckDB approximates to its approximation), and a file the memory reader
/// cannot be sure of is profiled by DuckDB.
/// </summary>
public sealed class MemoryCsvProfileTests : IDisposable
{
    private readonly ProfilerFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public static TheoryData<string, int, string> MixedFiles() => new()
    {
        { "short", 3_000, "\n" },
        { "long", 130_000, "\n" },
        { "crlf", 5_000, "\r\n" },
    };

    [Theory]
    [MemberData(nameof(MixedFiles))]
    public async Task A_mixed_csv_profiled_in_memory_gives_the_profile_DuckDB_gives(string name, int rows, string newLine)
    {
        var path = _fixture.Write(name + ".csv", Mixed(rows, newLine, seed: rows));

        var (memory, memoryEngine, missed) = await ProfileWithGuessAsync(path, memory: true);
        var (duckDb, duckDbEngine) = await ProfileAsync(path, memory: false);

        Assert.Equal("memory", memoryEngine);
        // read from the guess at the sniffer's answer, which the sniffer confirmed
        Assert.False(missed);
        Assert.Equal("duckdb", duckDbEngine);
        Assert.Equal(ProfileStatuses.Ready, memory.Status);
        ProfilerFixture.AssertSameProfile(duckDb, memory);
    }

    [Fact]
    public async Task A_file_read_from_a_guess_the_sniffer_does_not_confirm_is_read_again_from_the_sniffers_answer()
    {
        // "1.5 " reads as a double (DuckDB's cast allows the space), but DuckDB's sniffer takes the column for text
        var path = _fixture.Write("trailing_spaces.csv", "id,reading,label\n" + Rows(3_000, i => $"{i},{i % 10}.5 ,l{i % 7}\n"));

        var (memory, engine, missed) = await ProfileWithGuessAsync(path, memory: true);
        var (duckDb, _) = await ProfileAsync(path, memory: false);

        Assert.True(missed);
        Assert.Equal("memory", engine);
        Assert.Equal(3_000, memory.Tables.Single().Rows);
        ProfilerFixture.AssertSameProfile(duckDb, memory);
    }

    [Fact]
    public async Task Separators_quotes_headers_and_empty_fields_read_as_DuckDB_reads_them()
    {
        var files = new Dictionary<string, string>
        {
            ["semicolon.csv"] = "a;b;c\n1;x;2.5\n2;\"y;z\";\n3;;4.25\n" + Rows(40, i => $"{i};w{i % 7};{i * 0.5}\n"),
            ["tabs.tsv"] = "name\tcount\n" + Rows(60, i => $"n{i % 9}\t{i % 13}\n"),
            ["quoted.csv"] = "id,text\n" + Rows(50, i => $"{i},\"he said \"\"hi {i % 4}\"\", then, left\"\n") + "51,\"\"\n52,\n",
            ["no_newline_at_end.csv"] = "x,y\n" + Rows(30, i => $"{i},{i % 3 == 0}\n") + "31,true",
            ["dates.csv"] = "day,stamp\n" + Rows(80, i => $"2024-{i % 12 + 1:00}-{i % 28 + 1:00},{i % 28 + 1:00}/{i % 12 + 1:00}/2023\n"),
            ["headerless.csv"] = Rows(40, i => $"{i},{i * 3 % 17},{i % 5}.5\n"),
        };
        var failures = new List<string>();
        foreach (var (file, text) in files)
        {
            var path = _fixture.Write(file, text);

            var (memory, memoryEngine) = await ProfileAsync(path, memory: true);
            var (duckDb, _) = await ProfileAsync(path, memory: false);

            try
            {
                Assert.True(memoryEngine == "memory", $"{file} was profiled by {memoryEngine}");
                ProfilerFixture.AssertSameProfile(duckDb, memory);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                failures.Add(file + ": " + e.Message);
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Fields_past_the_sniffers_sample_that_do_not_fit_their_columns_type_make_those_columns_text_as_in_DuckDB()
    {
        // DuckDB's sniffer types n BIGINT, x DOUBLE, b BOOLEAN from the first rows; its load stops on "many", "x" and
        // "maybe" and reads those columns as text, one retry each: so does the read into memory
        var path = _fixture.Write("late_text.csv", "n,x,b,k\n" + Rows(30_000, i => string.Create(CultureInfo.InvariantCulture, $"{i},{i * 0.25},{i % 2 == 0},k{i % 9}\n"))
            + "many,1.5,true,k1\n30002,x,false,k2\n30003,2.5,maybe,k3\n");

        var (memory, engine) = await ProfileAsync(path, memory: true);
        var (duckDb, _) = await ProfileAsync(path, memory: false);

        Assert.Equal("memory", engine);
        ProfilerFixture.AssertSameProfile(duckDb, memory);
    }

    [Theory]
    [InlineData("short_row.csv", "n,v\n", "30001\n")]
    [InlineData("hex.csv", "n,v\n", "30001,0x10\n")]
    public async Task A_file_the_memory_reader_cannot_be_sure_of_is_profiled_by_DuckDB(string file, string head, string late)
    {
        // past the sniffer's sample: a short row (DuckDB pads it), a number whose cast only DuckDB knows
        var path = _fixture.Write(file, head + Rows(30_000, i => $"{i},{i % 50}\n") + late);

        var (memory, engine) = await ProfileAsync(path, memory: true);
        var (duckDb, _) = await ProfileAsync(path, memory: false);

        Assert.Equal("duckdb", engine);
        Assert.Equal(ProfilerFixture.JsonWithoutSums(duckDb), ProfilerFixture.JsonWithoutSums(memory));
    }

    [Fact]
    public async Task A_file_with_carriage_returns_alone_between_lines_is_profiled_by_DuckDB()
    {
        var path = _fixture.Write("old_mac.csv", "n,v\r" + Rows(100, i => $"{i},{i % 7}\r"));

        var (memory, engine) = await ProfileAsync(path, memory: true);
        var (duckDb, _) = await ProfileAsync(path, memory: false);

        Assert.Equal("duckdb", engine);
        Assert.Equal(100, memory.Tables.Single().Rows);
        Assert.Equal(ProfilerFixture.JsonWithoutSums(duckDb), ProfilerFixture.JsonWithoutSums(memory));
    }

    [Fact]
    public async Task A_carriage_return_alone_inside_a_field_leaves_the_file_to_DuckDB()
    {
        // past the sniffer's sample; DuckDB's reader takes it for a line's end (here: a short row, and the file fails as ragged)
        var path = _fixture.Write("stray_return.csv", "id,name\n" + Rows(30_000, i => $"{i},{(i == 25_000 ? "two\rlines" : "n" + (i % 9).ToString(CultureInfo.InvariantCulture))}\n"));

        var (memory, engine) = await ProfileAsync(path, memory: true);
        var (duckDb, _) = await ProfileAsync(path, memory: false);

        Assert.NotEqual("memory", engine);
        Assert.Equal(ProfilerFixture.JsonWithoutSums(duckDb), ProfilerFixture.JsonWithoutSums(memory));
    }

    [Fact]
    public async Task A_file_of_more_fields_than_the_memory_allowed_holds_is_profiled_by_DuckDB()
    {
        // 64 MB for the whole profile: a third of it is the memory profile's, 12 bytes a field
        var path = _fixture.Write("many_fields.csv", "a,b,c,d,e,f,g,h\n" + Rows(300_000, i => $"{i % 10},1,2,3,4,5,6,{i % 3}\n"));
        string? engine = null;

        var profile = await new FileProfiler(new ProfilerSettings(64, 2, _fixture.Scratch)) { ProfiledBy = e => engine = e }
            .ProfileAsync(path, "many_fields.csv", null, CancellationToken.None);

        Assert.Equal("duckdb", engine);
        Assert.Equal(ProfileStatuses.Ready, profile.Status);
        Assert.Equal(300_000, profile.Tables.Single().Rows);
    }

    internal static string Rows(int count, Func<int, string> row) => string.Concat(Enumerable.Range(1, count).Select(row));

    /// <summary>The benchmark's mixed types and more: keys, repeating ids, decimals with outliers, money, markers, dates in two formats, categories written several ways, free text, booleans, empty values, a constant and an almost empty column.</summary>
    internal static string Mixed(int rows, string newLine, int seed)
    {
        var random = new Random(seed);
        string[] categories = ["Books", "books", "Books ", "Garden", " Garden", "Toys", "TOYS", "Kitchen", "Sports", "sports"];
        string[] words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"];
        var text = new StringBuilder("id,customer_id,amount,price,qty,ordered,category,note,flag,discount,constant,rare,share,score,reference" + newLine);
        for (var n = 1; n <= rows; n++)
        {
            var qty = n % 97 == 0 ? (n % 2 == 0 ? "N/A" : "-") : (random.Next(20) + 1).ToString(CultureInfo.InvariantCulture);
            var (month, day) = (random.Next(12) + 1, random.Next(28) + 1);
            var date = n % 100 == 0 ? $"{day:00}/{month:00}/2024" : $"2024-{month:00}-{day:00}";
            var amount = (random.Next(20_000) / 100.0 + (n % 1000 == 0 ? 5000 : 0)).ToString("R", CultureInfo.InvariantCulture);
            var price = n % 501 == 0 ? "($12.50)" : $"\"${random.Next(5000):N0}.{random.Next(100):00}\"";
            var note = string.Join(' ', Enumerable.Range(0, 3).Select(_ => words[random.Next(words.Length)]));
            var discount = n % 10 == 0 ? "" : (random.Next(50) / 100.0).ToString("R", CultureInfo.InvariantCulture);
            var rare = n % 40 == 0 ? "x" + (n % 3).ToString(CultureInfo.InvariantCulture) : "";
            var share = n % 300 == 0 ? "n/a" : $"{random.Next(100)}%";
            text.Append(CultureInfo.InvariantCulture, $"{n},{random.Next(rows / 20 + 2) + 1},{amount},{price},{qty},{date},{categories[random.Next(categories.Length)]},{note},{(random.Next(2) == 0 ? "true" : "false")},{discount},same,{rare},{share},{random.Next(-50, 50)},{(long)random.Next(1_000_000) * 7_919}{newLine}");
        }
        return text.ToString();
    }

    private async Task<(FileProfile Profile, string? Engine)> ProfileAsync(string path, bool memory)
    {
        var (profile, engine, _) = await ProfileWithGuessAsync(path, memory);
        return (profile, engine);
    }

    /// <returns>The profile, the engine that made it, and whether a read into memory started from a guess the sniffer did not confirm.</returns>
    private async Task<(FileProfile Profile, string? Engine, bool GuessMissed)> ProfileWithGuessAsync(string path, bool memory)
    {
        string? engine = null;
        var missed = false;
        var settings = new ProfilerSettings(512, 2, _fixture.Scratch, MemoryCsvUpToBytes: memory ? 128L << 20 : 0);
        var profile = await new FileProfiler(settings) { ProfiledBy = e => engine = e, GuessMissed = () => missed = true }
            .ProfileAsync(path, Path.GetFileName(path), null, CancellationToken.None);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_fixture.Scratch));
        return (profile, engine, missed);
    }
}
