namespace CodingAgent.Profiler;

/// <summary>
/// DuckDB's <c>quantile_cont</c> over values in memory: the values at the positions around (n − 1) × q found by
/// selection (quickselect, each position narrowing the next one's range) instead of a full sort.
/// </summary>
internal static class QuantileSelection
{
    /// <summary>The quantiles at <paramref name="levels"/> of <paramref name="values"/> (reordered in place; not empty, no NaN).</summary>
    public static List<double> QuantileCont(Span<double> values, IReadOnlyList<double> levels)
    {
        var positions = new SortedSet<int>();
        foreach (var q in levels)
        {
            var position = (double)(values.Length - 1) * q;
            positions.Add((int)Math.Floor(position));
            positions.Add((int)Math.Ceiling(position));
        }
        var at = new Dictionary<int, double>();
        var from = 0;
        foreach (var k in positions)
        {
            at[k] = Select(values, from, values.Length - 1, k);
            from = k + 1;
        }
        var quantiles = new List<double>(levels.Count);
        foreach (var q in levels)
        {
            var position = (double)(values.Length - 1) * q;
            var (below, above) = ((int)Math.Floor(position), (int)Math.Ceiling(position));
            if (below == above)
            {
                quantiles.Add(at[below]);
                continue;
            }
            // lo × (1 − d) + hi × d, as DuckDB interpolates doubles
            var d = position - below;
            quantiles.Add(at[below] * (1.0 - d) + at[above] * d);
        }
        return quantiles;
    }

    /// <summary>The <paramref name="k"/>-th smallest value, with the range [<paramref name="left"/>, <paramref name="right"/>] holding it; after it, smaller values are left of k and larger right.</summary>
    private static double Select(Span<double> values, int left, int right, int k)
    {
        while (right > left)
        {
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
            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }
        return values[k];
    }
}
