using System.Globalization;
using System.Text;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// The memory reader's split of rows into fields (<see cref="CsvChunk"/>, through <see cref="MemoryCsvTable"/>): every
/// field read whole wherever it starts and ends among the 64-byte stretches the reader looks for separators in.
/// </summary>
public sealed class CsvChunkTests
{
    [Theory]
    [InlineData(',', "\n")]
    [InlineData(';', "\r\n")]
    [InlineData('\t', "\n")]
    public void Fields_of_every_length_are_read_whole_wherever_they_fall(char separator, string newLine)
    {
        // fields of 0 to 150 bytes, some quoted (with separators and quotes inside), one after the other: every start
        // and end falls at every offset of a stretch, and the file is long enough to be read in two halves
        var expected = new List<string[]>();
        var text = new StringBuilder("a" + separator + "b" + separator + "c" + newLine);
        var random = new Random(7);
        for (var row = 0; row < 30_000; row++)
        {
            var fields = new string[3];
            for (var c = 0; c < 3; c++)
            {
                var length = (row * 3 + c) % 151;
                var value = new string((char)('a' + random.Next(26)), length);
                fields[c] = value;
                var quoted = length > 0 && random.Next(4) == 0;
                if (quoted)
                {
                    // a separator and a quote written twice inside the quotes
                    var inside = value[..(length / 2)] + separator + "\"" + value[(length / 2)..];
                    fields[c] = inside;
                    text.Append('"').Append(inside.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                }
                else
                {
                    text.Append(value);
                }
                text.Append(c < 2 ? separator.ToString() : newLine);
            }
            expected.Add(fields);
        }
        var data = Encoding.UTF8.GetBytes(text.ToString());
        var start = Array.IndexOf(data, (byte)'\n') + 1;
        List<string> types = ["VARCHAR", "VARCHAR", "VARCHAR"];

        var table = MemoryCsvTable.Read(data, start, (byte)separator, new MemoryReadPlan(types, Escapes: true, StrictIsoDates: false), ["a", "b", "c"],
            [MemoryStorage.Text, MemoryStorage.Text, MemoryStorage.Text], 1L << 30, out var failure, CancellationToken.None);

        Assert.Null(failure);
        Assert.NotNull(table);
        Assert.Equal(expected.Count, table.Rows);
        for (var row = 0; row < expected.Count; row++)
        {
            for (var c = 0; c < 3; c++)
            {
                var span = table.Columns[c].Spans![row];
                var read = span == MemoryColumn.NullSpan ? "" : Encoding.UTF8.GetString(table.Text(span));
                Assert.True(expected[row][c] == read, string.Create(CultureInfo.InvariantCulture, $"row {row}, column {c}: expected \"{expected[row][c]}\", read \"{read}\""));
            }
        }
    }
}
