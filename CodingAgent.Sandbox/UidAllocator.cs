namespace CodingAgent.Sandbox;

/// <summary>Host uids for kernels, one per live kernel, from a fixed range.</summary>
internal sealed class UidAllocator(int start, int size)
{
    private readonly HashSet<int> _used = [];
    private readonly Lock _gate = new();
    private int _next;

    public int Allocate()
    {
        lock (_gate)
        {
            for (var i = 0; i < size; i++)
            {
                var uid = start + (_next++ % size);
                if (_used.Add(uid))
                {
                    return uid;
                }
            }
        }
        throw new InvalidOperationException($"All {size} sandbox uids are in use.");
    }

    public void Release(int? uid)
    {
        if (uid is { } value)
        {
            lock (_gate)
            {
                _used.Remove(value);
            }
        }
    }
}
