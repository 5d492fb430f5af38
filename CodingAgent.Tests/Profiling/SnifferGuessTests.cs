using System.Text;
using CodingAgent.Profiler;
using DuckDB.NET.Data;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// <see cref="SnifferGuess"/> against DuckDB's own sniffer on the files it should get right (a wrong guess costs a read,
/// never a different profile: <see cref="MemoryCsvProfileTests"/>): integers, decimals, booleans, ISO dates, text,
/// empty values, quoting, line 1 as a header or as data, and the forms the sniffer takes for text ("+5", "007", "Y").
/// </summary>
public sealed class SnifferGuessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sniffer-guess-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> Files() => new()
    {
        { "numbers", "a,b,c\n1,2.5,x\n3,4,y\n-7,0.25,z\n" },
        { "no header", "1,2\n3,4\n5,6\n" },
        { "header over text", "x,y\np,q\nr,s\n" },
        { "empty name over text", "a,,c\nx,y,z\np,q,r\n" },
        { "spaces around integers", "n,v\n 12,1\n 13,2\n" },
        { "booleans and dates", "flag,day,t\ntrue,2024-01-05,t\nfalse,2024-02-29,f\nTRUE,2023-12-31,T\n" },
        { "text forms", "plus,zeros,yn,frac\n+5,00123,Y,.5\n+6,00124,N,5.\n" },
        { "empty values", "a,b,c\n1,,x\n,2.5,\n3,4,y\n" },
        { "an empty column", "a,b\n1,\n2,\n" },
        { "quoted", "id,price,name\n1,\"$1,234.50\",\"say \"\"hi\"\"\"\n2,\"$5.00\",plain\n" },
        { "quoted numbers", "id,v\n\"1\",\"2.5\"\n\"2\",\"3.5\"\n" },
        { "crlf", "a,b\r\n1,x\r\n2,y\r\n" },
        { "benchmark-like", "id,customer_id,amount,price,qty,ordered,category,note,flag,discount\n1,42,12.5,\"$1,234.50\",3,2024-05-03,Books,alpha beta,true,0.25\n2,7,100,\"$12.00\",N/A,25/12/2024, books,gamma,false,\n3,9,0.5,\"$3.10\",-,2024-01-01,Toys,mu,true,0\n" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void The_guess_is_the_sniffers_answer(string name, string content)
    {
        var path = Path.Combine(_folder, name.Replace(' ', '_') + ".csv");
        File.WriteAllText(path, content, new UTF8Encoding(false));

        var guess = SnifferGuess.Guess(Encoding.UTF8.GetBytes(content), 0, (byte)',');

        Assert.NotNull(guess);
        var (header, types) = Sniff(path);
        Assert.Equal(header, guess.Value.Header);
        Assert.Equal(types, guess.Value.Plan.Types);
        Assert.Equal(types.Contains("DATE"), guess.Value.Plan.StrictIsoDates);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n")]
    [InlineData("a,b\n1,\"open\n")]
    [InlineData("a,b\r1,2\r")]
    [InlineData("a,b\n")]
    public void No_guess_is_made_from_rows_that_are_not_plainly_read(string content) =>
        Assert.Null(SnifferGuess.Guess(Encoding.UTF8.GetBytes(content), 0, (byte)','));

    [Fact]
    public void A_head_that_holds_the_sampled_rows_gives_the_whole_files_guess_and_a_shorter_one_asks_for_more()
    {
        // the first rows' types are the guess; a value past them (the text in row 30,000) is not
        var text = new StringBuilder("id,amount,day\n");
        for (var row = 1; row <= 40_000; row++)
        {
            text.Append(row).Append(',').Append(row == 30_000 ? "n/a" : (row / 4.0).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(",2024-01-0").Append(row % 9 + 1).Append('\n');
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var whole = SnifferGuess.Guess(bytes, 0, (byte)',');
        Assert.NotNull(whole);
        Assert.Equal(["BIGINT", "DOUBLE", "DATE"], whole.Value.Plan.Types);
        var sampleEnd = 0;
        for (var line = 0; line <= SnifferGuess.SampleRows; line++)
        {
            sampleEnd = Array.IndexOf(bytes, (byte)'\n', sampleEnd) + 1;
        }

        var fromHead = SnifferGuess.Guess(bytes.AsSpan(0, sampleEnd), 0, (byte)',', whole: false, out var needsMore);
        var fromShortHead = SnifferGuess.Guess(bytes.AsSpan(0, sampleEnd - 1), 0, (byte)',', whole: false, out var shortNeedsMore);
        var fromHeadOfLine = SnifferGuess.Guess(bytes.AsSpan(0, 9), 0, (byte)',', whole: false, out var lineNeedsMore);

        Assert.False(needsMore);
        Assert.Equal(whole.Value.Header, fromHead!.Value.Header);
        Assert.Equal(whole.Value.Plan.Types, fromHead.Value.Plan.Types);
        Assert.Null(fromShortHead);
        Assert.True(shortNeedsMore);
        Assert.Null(fromHeadOfLine);
        Assert.True(lineNeedsMore);
    }

    [Fact]
    public void A_head_that_cuts_a_quoted_field_asks_for_more_rather_than_failing()
    {
        var content = "a,b\n1,\"two\nlines\"\n2,x\n";
        var bytes = Encoding.UTF8.GetBytes(content);
        var cut = content.IndexOf("lines", StringComparison.Ordinal);

        Assert.Null(SnifferGuess.Guess(bytes.AsSpan(0, cut), 0, (byte)',', whole: false, out var needsMore));
        Assert.True(needsMore);
        Assert.NotNull(SnifferGuess.Guess(bytes, 0, (byte)','));
    }

    private static (bool Header, List<string> Types) Sniff(string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT HasHeader, list_transform(Columns, c -> c.type) FROM sniff_csv('{path}', delim = ',', quote = '\"', escape = '\"')";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetBoolean(0), ((System.Collections.IEnumerable)reader.GetValue(1)).Cast<string>().ToList());
    }
}
