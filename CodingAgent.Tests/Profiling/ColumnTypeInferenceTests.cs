using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary>The type inference's pieces that replaced LINQ over every sampled value: the same answers, without sorting or allocating per value.</summary>
public sealed class ColumnTypeInferenceTests
{
    [Fact]
    public void Most_frequent_values_are_those_a_full_sort_by_count_then_ordinal_text_gives()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            // few distinct counts, so that ties at the cut are common; mixed case and non-ASCII text for the ordinal order
            var values = Enumerable.Range(0, random.Next(0, 60))
                .Select(i => (Value: ((char)random.Next(0x41, 0x7B)).ToString() + (i % 3 == 0 ? "é" : i % 5 == 0 ? "Z" : "") + i, Count: (long)random.Next(1, 5)))
                .ToList();
            var expected = values.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).Take(10).Select(v => v.Value).ToList();

            Assert.Equal(expected, ColumnTypeInference.MostFrequent(values, 10));
        }
        Assert.Empty(ColumnTypeInference.MostFrequent([("a", 1)], 0));
    }

    [Theory]
    [InlineData("N/A", true)]
    [InlineData("  null ", true)]
    [InlineData("NONE", true)]
    [InlineData("", true)]
    [InlineData("n/a!", false)]
    [InlineData("                 na", false)]
    public void Null_markers_are_matched_trimmed_and_lowercased(string value, bool marker) => Assert.Equal(marker, NullMarkers.IsMarker(value));

    [Theory]
    [InlineData("nıl")]
    [InlineData("nİl")]
    [InlineData("NULL")]
    [InlineData("Ⅰ")]
    [InlineData("ǅ")]
    public void Null_markers_in_other_scripts_are_matched_as_ToLowerInvariant_lowercases_them(string value) =>
        Assert.Equal(value.Trim(' ').Length == 0 || NullMarkers.Lowercase.Contains(value.Trim(' ').ToLowerInvariant()), NullMarkers.IsMarker(value));

    [Fact]
    public void DuckDbs_marker_test_agrees_with_the_dotnet_one()
    {
        string[] values =
        [
            "N/A", " n/a", "  NULL  ", "-", "--", "?", "#N/A", "#NULL!", "(Blank)", "(null)", "<NA>", "Missing", "nan", "NaN", "nil", "None", "na",
            "", " ", "   ", "$1,234.50", "12", "-5", "?x", "n", "m", "(x)", "<b>", "#1", "é", "ñ/a", "Ｎ/A", "nıl", "NULL!", " -- ", "\tnull", "      none      ", "       none      ", "mu eta iota beta", "Missing ",
        ];
        using var fixture = new ProfilerFixture();
        using var db = new DuckDbSession(new ProfilerSettings(512, 1, fixture.Scratch), fixture.Scratch);
        var rows = string.Join(", ", values.Select((v, i) => $"({i}, {SqlText.Literal(v)})"));
        var marked = db.Query($"SELECT i, {NullMarkers.Sql("v")} FROM (VALUES {rows}) AS t(i, v) ORDER BY i", reader =>
        {
            var list = new List<bool>();
            while (reader.Read())
            {
                list.Add(reader.GetBoolean(1));
            }
            return list;
        });

        Assert.Equal(values.Select(NullMarkers.IsMarker), marked);
        // the memory profile's test of UTF-8 bytes (a first byte no marker starts with: not one) says the same
        Assert.Equal(values.Select(v => NullMarkers.IsMarker(System.Text.Encoding.UTF8.GetBytes(v).AsSpan())), marked);
        Assert.Contains(true, marked);
        Assert.Contains(false, marked);
    }

    [Theory]
    [InlineData("$1,234.50", "$9,999.99")]
    [InlineData("Jan 5, 2024", "aaa 9, 9999")]
    [InlineData("€5 é", "€9 é")]
    public void A_shape_written_into_a_buffer_is_the_shape_of_the_text(string text, string shape)
    {
        Span<char> buffer = stackalloc char[ValueShapes.MaxLength];
        Assert.Equal(shape, ValueShapes.Of(text));
        Assert.Equal(shape, ValueShapes.Of(text.AsSpan(), buffer).ToString());
        Assert.Equal("~", ValueShapes.Of(new string('1', ValueShapes.MaxLength + 1).AsSpan(), buffer).ToString());
    }
}
