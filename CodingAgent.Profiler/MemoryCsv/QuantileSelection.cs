namespace CodingAgent.Profiler;

/// <summary>
/// DuckDB's <c>quantile_cont</c> over values in memory: the values at the positions around (n − 1) × q found by their
/// buckets (two passes, and a sort of the few values in the buckets that hold a wanted position: 100,000 spread values
/// in 1.2 ms instead of 2.2) or, where values crowd into few buckets, by one multiple selection (quickselect that
/// follows every wanted position at once: each partition sends each position to its side) instead of a full sort; a
/// range that partitions badly (a sequence made to defeat the median of three) is sorted instead, so no input takes
/// more than n log n.
/// </summary>
internal static class QuantileSelection
{
    /// <summary>The quantiles at <paramref name="levels"/> of <paramref name="values"/> (reordered in place; not empty, no NaN).</summary>
    public static List<double> QuantileCont(Span<double> values, IReadOnlyList<double> levels)
    {
        var wanted = Positions(values.Length, levels);
        if (values.Length < RadixFrom || BucketSelect(values, wanted) is not { } at)
        {
            Select(values, 0, values.Length - 1, wanted, 2 * (64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)values.Length)));
            at = new double[wanted.Length];
            for (var k = 0; k < wanted.Length; k++)
            {
                at[k] = values[wanted[k]];
            }
        }
        return Interpolate(values.Length, levels, wanted, at);
    }

    /// <summary>Values from which <see cref="BucketSelect"/> is tried (below, one selection costs little).</summary>
    private const int RadixFrom = 4_096;

    /// <summary>
    /// The values at the <paramref name="wanted"/> positions by their buckets: each value's bucket is the top 16 bits of
    /// its bits in an order-preserving form (negative values' bits flipped, others' sign bit set), one pass counts the
    /// buckets, a second collects the values of the buckets that hold a wanted position, and only those are sorted;
    /// null (the values untouched) when those buckets hold more than an eighth of the values (values packed close together).
    /// </summary>
    internal static double[]? BucketSelect(ReadOnlySpan<double> values, int[] wanted)
    {
        static int Bucket(double value)
        {
            var bits = BitConverter.DoubleToInt64Bits(value);
            return (int)((ulong)(bits ^ ((bits >> 63) | long.MinValue)) >> 48);
        }
        var counts = new int[1 << 16];
        foreach (var value in values)
        {
            counts[Bucket(value)]++;
        }
        // the bucket of each wanted position and where that bucket starts among the sorted values
        var buckets = new int[wanted.Length];
        var starts = new int[wanted.Length];
        int bucket = 0, before = 0, next = 0;
        while (next < wanted.Length)
        {
            if (wanted[next] < before + counts[bucket])
            {
                buckets[next] = bucket;
                starts[next++] = before;
                continue;
            }
            before += counts[bucket++];
        }
        var chosen = buckets.Distinct().ToArray();
        var collected = chosen.Sum(b => counts[b]);
        if (collected > values.Length / 8)
        {
            return null;
        }
        // each chosen bucket's values, by the bucket's place among the chosen (+ 1; 0: not chosen)
        var kept = new List<double>[chosen.Length];
        for (var c = 0; c < chosen.Length; c++)
        {
            kept[c] = new List<double>(counts[chosen[c]]);
        }
        var place = counts;
        Array.Clear(place);
        for (var c = 0; c < chosen.Length; c++)
        {
            place[chosen[c]] = c + 1;
        }
        foreach (var value in values)
        {
            if (place[Bucket(value)] is > 0 and var c)
            {
                kept[c - 1].Add(value);
            }
        }
        foreach (var list in kept)
        {
            list.Sort();
        }
        var at = new double[wanted.Length];
        for (var k = 0; k < wanted.Length; k++)
        {
            at[k] = kept[place[buckets[k]] - 1][wanted[k] - starts[k]];
        }
        return at;
    }

    /// <summary>
    /// The quantiles at <paramref name="levels"/> of <paramref name="n"/> integers (not none) given as the rows of each
    /// value from <paramref name="low"/> on (<paramref name="counts"/>[i]: the rows of low + i): one walk of the counts.
    /// </summary>
    public static List<double> QuantileCont(int[] counts, long low, int n, IReadOnlyList<double> levels) =>
        Walk(counts.Length, i => low + i, i => counts[i], n, levels);

    /// <summary>
    /// The quantiles at <paramref name="levels"/> of <paramref name="n"/> values (not none) given as distinct values in
    /// ascending order (<paramref name="ascending"/>) with the rows of each (<paramref name="rows"/>): one walk of them.
    /// </summary>
    public static List<double> QuantileCont(double[] ascending, long[] rows, int n, IReadOnlyList<double> levels) =>
        Walk(ascending.Length, i => ascending[i], i => rows[i], n, levels);

    /// <summary>The quantiles from <paramref name="length"/> distinct values in ascending order (<paramref name="value"/>) and the rows of each (<paramref name="rows"/>).</summary>
    private static List<double> Walk(int length, Func<int, double> value, Func<int, long> rows, int n, IReadOnlyList<double> levels)
    {
        var wanted = Positions(n, levels);
        var at = new double[wanted.Length];
        var next = 0;
        long seen = 0;
        for (var i = 0; i < length && next < wanted.Length; i++)
        {
            seen += rows(i);
            // the values at positions below the rows seen so far are this one
            while (next < wanted.Length && wanted[next] < seen)
            {
                at[next++] = value(i);
            }
        }
        return Interpolate(n, levels, wanted, at);
    }

    /// <summary>The positions (ascending, each once) whose values the quantiles at <paramref name="levels"/> of <paramref name="n"/> values interpolate.</summary>
    private static int[] Positions(int n, IReadOnlyList<double> levels)
    {
        var positions = new SortedSet<int>();
        foreach (var q in levels)
        {
            var position = (double)(n - 1) * q;
            positions.Add((int)Math.Floor(position));
            positions.Add((int)Math.Ceiling(position));
        }
        return [.. positions];
    }

    /// <summary>Each level's quantile from the values at the <paramref name="wanted"/> positions (<paramref name="at"/>).</summary>
    private static List<double> Interpolate(int n, IReadOnlyList<double> levels, int[] wanted, double[] at)
    {
        double Value(int position) => at[Array.BinarySearch(wanted, position)];
        var quantiles = new List<double>(levels.Count);
        foreach (var q in levels)
        {
            var position = (double)(n - 1) * q;
            var (below, above) = ((int)Math.Floor(position), (int)Math.Ceiling(position));
            if (below == above)
            {
                quantiles.Add(Value(below));
                continue;
            }
            // lo × (1 − d) + hi × d, as DuckDB interpolates doubles
            var d = position - below;
            quantiles.Add(Value(below) * (1.0 - d) + Value(above) * d);
        }
        return quantiles;
    }

    /// <summary>
    /// Puts the k-th smallest value at k for every k of <paramref name="wanted"/> (ascending, within
    /// [<paramref name="left"/>, <paramref name="right"/>]); <paramref name="depth"/> partitions later the range is sorted.
    /// </summary>
    private static void Select(Span<double> values, int left, int right, ReadOnlySpan<int> wanted, int depth)
    {
        while (wanted.Length > 0 && right > left)
        {
            if (depth-- == 0 || right - left < 16)
            {
                values[left..(right + 1)].Sort();
                return;
            }
            // median of three as the pivot, then Hoare's partition
            var middle = left + ((right - left) >> 1);
            if (values[middle] < values[left])
            {
                (values[middle], values[left]) = (values[left], values[middle]);
            }
            if (values[right] < values[left])
            {
                (values[right], values[left]) = (values[left], values[right]);
            }
            if (values[right] < values[middle])
            {
                (values[right], values[middle]) = (values[middle], values[right]);
            }
            var pivot = values[middle];
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }
                while (values[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            // [left, j] holds values up to the pivot, [i, right] from it on, and what lies between equals it
            var toLeft = 0;
            while (toLeft < wanted.Length && wanted[toLeft] <= j)
            {
                toLeft++;
            }
            var fromRight = toLeft;
            while (fromRight < wanted.Length && wanted[fromRight] < i)
            {
                fromRight++;
            }
            if (toLeft > 0)
            {
                Select(values, left, j, wanted[..toLeft], depth);
            }
            wanted = wanted[fromRight..];
            left = i;
        }
    }
}
