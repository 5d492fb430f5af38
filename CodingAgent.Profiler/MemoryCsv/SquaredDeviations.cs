namespace CodingAgent.Profiler;

/// <summary>
/// The sum of squared deviations from the mean of values added piece by piece, each piece's own (from its own mean)
/// merged with the earlier pieces' (Chan, Golub and LeVeque): one piece gives its two-pass sum exactly.
/// </summary>
internal sealed class SquaredDeviations
{
    private long _count;
    private double _mean;

    /// <summary>The sum of squared deviations of every value added from their mean.</summary>
    public double Sum { get; private set; }

    /// <param name="count">The piece's values (none: nothing changes).</param>
    /// <param name="mean">Their mean.</param>
    /// <param name="squares">Their squared deviations from it, summed.</param>
    public void Add(long count, double mean, double squares)
    {
        if (count == 0)
        {
            return;
        }
        var total = _count + count;
        var delta = mean - _mean;
        Sum += squares + (_count == 0 ? 0 : delta * delta * _count * count / total);
        _mean += delta * count / total;
        _count = total;
    }
}
