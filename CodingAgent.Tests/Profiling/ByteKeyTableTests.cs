using System.Globalization;
using System.Text;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>
/// Distinct texts get distinct 64-bit hashes (the memory profile counts distinct values and duplicate rows by them),
/// and the table of distinct texts counts each text's rows.
/// </summary>
public sealed class ByteKeyTableTests
{
    [Fact]
    public void Texts_of_different_lengths_that_end_alike_get_different_hashes()
    {
        // numbers as text (where "1", "21" and "311" once met), every text of up to three letters of a small alphabet,
        // runs of one letter, and longer texts that differ in one byte
        var texts = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < 1_000_000; n++)
        {
            texts.Add(n.ToString(CultureInfo.InvariantCulture));
        }
        const string letters = "abc123 ";
        foreach (var a in letters)
        {
            texts.Add($"{a}");
            foreach (var b in letters)
            {
                texts.Add($"{a}{b}");
                foreach (var c in letters)
                {
                    texts.Add($"{a}{b}{c}");
                }
            }
        }
        for (var length = 1; length <= 40; length++)
        {
            texts.Add(new string('1', length));
            texts.Add(new string('x', length) + "y");
        }

        var hashes = texts.Select(t => ByteKeyTable.Hash64(Encoding.UTF8.GetBytes(t))).ToHashSet();

        Assert.Equal(texts.Count, hashes.Count);
    }

    [Fact]
    public void Each_distinct_text_gets_one_id_and_its_rows_whatever_the_chunk_it_is_read_from()
    {
        var first = Encoding.UTF8.GetBytes("a,bb,a,ccc");
        var second = Encoding.UTF8.GetBytes("ccc,a,dd");
        var table = new ByteKeyTable(first, [], 4);

        int[] ids = [table.Add(0, 1), table.Add(2, 2), table.Add(5, 1), table.Add(7, 3)];
        table.Rebind(second, []);
        int[] later = [table.Add(0, 3), table.Add(4, 1), table.Add(6, 2)];

        Assert.Equal([0, 1, 0, 2], ids);
        Assert.Equal([2, 0, 3], later);
        Assert.Equal(4, table.Count);
        Assert.Equal([3L, 1L, 2L, 1L], Enumerable.Range(0, table.Count).Select(id => table.Rows(id)));
        Assert.Equal("dd", Encoding.UTF8.GetString(table.Key(3)));
    }
}
