using System.Text;
using CodingAgent.Profiler;

namespace CodingAgent.Tests.Profiling;

/// <summary><see cref="ShapeCounts"/>: the rows of each value shape, in the order first seen, as the type inference counts them from text.</summary>
public sealed class ShapeCountsTests
{
    [Fact]
    public void Shapes_are_counted_in_the_order_first_seen_whether_found_by_bytes_or_by_text()
    {
        var shapes = new ShapeCounts();
        // more shapes than are looked up by their bytes, each seen twice, the second time after all the others
        var words = Enumerable.Range(1, 40).Select(n => new string('9', n)).ToList();
        foreach (var word in words.Concat(words))
        {
            shapes.Add(Encoding.ASCII.GetBytes(word), 3, false);
        }
        shapes.Add("aaaa", 2, true);
        shapes.Add(Encoding.ASCII.GetBytes("aaaa"), 5, true);
        shapes.Add("~", 1, false);

        var expected = words.Select(w => (w, 6L, 0L)).Append(("aaaa", 7L, 7L)).Append(("~", 1L, 0L)).ToList();
        Assert.Equal(expected, shapes.Counted);
    }

    [Fact]
    public void The_shapes_match_those_the_type_inference_takes_from_text()
    {
        List<(string Value, long Count)> present = [("$1,234.50", 2), ("$99.00", 1), ("true", 4), (" Yes ", 1), ("2024-01-05", 3), ("$1,000.00", 5)];
        var shapes = new ShapeCounts();
        Span<byte> buffer = stackalloc byte[ValueShapes.MaxLength];
        foreach (var (value, count) in present)
        {
            var trimmed = value.Trim(' ');
            shapes.Add(ValueShapes.Of(Encoding.ASCII.GetBytes(trimmed), buffer), count, ColumnTypeInference.IsBoolean(trimmed));
        }

        Assert.Equal(ColumnTypeInference.Shapes(present), shapes.Counted);
    }
}
