using System.Runtime.InteropServices;

namespace CodingAgent.Profiler;

/// <summary>
/// The rows of each value shape among a column's first rows and the rows of booleans among them, in the order the shapes
/// were first seen: the type inference's count, from text (<see cref="ColumnTypeInference.Shapes"/>) or from a column's
/// bytes in memory. A shape of ASCII bytes is found among the first few shapes by its bytes (a column has few shapes:
/// "$9.99", "$99.99"…), any other by its text.
/// </summary>
internal sealed class ShapeCounts
{
    /// <summary>Shapes looked up by their bytes before the dictionary.</summary>
    private const int Recent = 16;

    private readonly List<(string Shape, long Count, long Booleans)> _counted = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly byte[][] _recent = new byte[Recent][];
    private readonly int[] _recentIndex = new int[Recent];
    private int _recentCount;

    /// <summary>Each shape with its rows and the rows of booleans among them, in the order first seen.</summary>
    public List<(string Shape, long Count, long Booleans)> Counted => _counted;

    /// <summary>Adds <paramref name="rows"/> rows of an ASCII shape.</summary>
    public void Add(ReadOnlySpan<byte> shape, long rows, bool boolean)
    {
        for (var i = 0; i < _recentCount; i++)
        {
            if (shape.SequenceEqual(_recent[i]))
            {
                Count(_recentIndex[i], rows, boolean);
                return;
            }
        }
        Span<char> text = stackalloc char[shape.Length];
        System.Text.Ascii.ToUtf16(shape, text, out _);
        var at = IndexOf(text);
        if (_recentCount < Recent)
        {
            _recent[_recentCount] = shape.ToArray();
            _recentIndex[_recentCount++] = at;
        }
        Count(at, rows, boolean);
    }

    /// <summary>Adds <paramref name="rows"/> rows of a shape.</summary>
    public void Add(ReadOnlySpan<char> shape, long rows, bool boolean) => Count(IndexOf(shape), rows, boolean);

    private int IndexOf(ReadOnlySpan<char> shape)
    {
        var lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(shape, out var at))
        {
            at = _counted.Count;
            _counted.Add((shape.ToString(), 0, 0));
            _index[_counted[at].Shape] = at;
        }
        return at;
    }

    private void Count(int at, long rows, bool boolean)
    {
        ref var entry = ref CollectionsMarshal.AsSpan(_counted)[at];
        entry.Count += rows;
        entry.Booleans += boolean ? rows : 0;
    }
}
