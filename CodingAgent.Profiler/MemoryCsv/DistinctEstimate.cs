namespace CodingAgent.Profiler;

/// <summary>
/// How many distinct values a column's rows likely hold, from a probe of its first rows: the number D for which
/// <c>probeRows</c> draws from D equally likely values would show <c>probeDistinct</c> of them on average,
/// D·(1 − e^(−probeRows/D)). Hash tables sized by it need not grow while they fill (each growth rehashes and
/// touches new memory); a column whose later rows hold more values only grows its table as before.
/// </summary>
internal static class DistinctEstimate
{
    /// <summary>Rows probed.</summary>
    public const int ProbeRows = 2_000;

    /// <summary>The distinct values <paramref name="rows"/> rows likely hold (at least 16, at most the rows).</summary>
    public static int Of(int probeRows, int probeDistinct, int rows)
    {
        if (probeRows <= 0 || rows <= 0)
        {
            return 16;
        }
        if (probeDistinct >= probeRows)
        {
            // every value new: as many as the rows
            return rows;
        }
        return (int)Math.Clamp(Math.Ceiling(Values(probeRows, probeDistinct) * 1.1), 16, Math.Max(rows, 16));
    }

    /// <summary>The share of <paramref name="rows"/> rows that likely hold a value no earlier row holds (1: every row's value differs).</summary>
    public static double DistinctShare(int probeRows, int probeDistinct, int rows)
    {
        if (probeRows <= 0 || rows <= 0 || probeDistinct >= probeRows)
        {
            return 1;
        }
        var values = Values(probeRows, probeDistinct);
        return values * (1 - Math.Exp(-rows / values)) / rows;
    }

    /// <summary>D: the values that <paramref name="probeRows"/> draws would show <paramref name="probeDistinct"/> of on average (fewer than the draws).</summary>
    private static double Values(int probeRows, int probeDistinct)
    {
        // Seen(D) grows with D: bisection between what was seen and far more
        double low = probeDistinct, high = Math.Max(probeDistinct, 1) * 1e6;
        for (var step = 0; step < 60; step++)
        {
            var middle = (low + high) / 2;
            if (middle * (1 - Math.Exp(-probeRows / middle)) < probeDistinct)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        return high;
    }
}
