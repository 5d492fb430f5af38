using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>
/// The smallest of the <see cref="ProfileLimits.TopValues"/> largest counts seen (the threshold of the most frequent
/// values): a heap of that many counts, which a count no larger than its smallest passes by without a heap operation.
/// </summary>
internal sealed class LargestCounts
{
    private readonly PriorityQueue<long, long> _least = new(ProfileLimits.TopValues + 1);

    /// <summary>The smallest of the largest counts; <see cref="long.MaxValue"/> when none was seen.</summary>
    public long Threshold => _least.Count == 0 ? long.MaxValue : _least.Peek();

    public void Add(long count)
    {
        if (_least.Count == ProfileLimits.TopValues && count <= _least.Peek())
        {
            return;
        }
        _least.Enqueue(count, count);
        if (_least.Count > ProfileLimits.TopValues)
        {
            _least.Dequeue();
        }
    }
}
