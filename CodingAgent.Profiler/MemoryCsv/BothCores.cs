namespace CodingAgent.Profiler;

/// <summary>Runs work on this thread and on one more at once, and returns when both are done (the first failure rethrown, after both stopped).</summary>
internal static class BothCores
{
    /// <summary>Runs <paramref name="work"/> twice at once (each taking its next piece from a shared queue).</summary>
    public static void Run(Action work) => Run(work, work);

    public static void Run(Action here, Action there)
    {
        var other = Task.Run(there, CancellationToken.None);
        try
        {
            here();
        }
        catch
        {
            // the other stops soon (cancelled, or at the end of its piece): wait, and report this failure
            ((IAsyncResult)other).AsyncWaitHandle.WaitOne();
            _ = other.Exception;
            throw;
        }
        other.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="there"/> on another thread and <paramref name="here"/> on this one; both results once both are done.</summary>
    public static (T Here, T There) Run<T>(Func<T> here, Func<T> there)
    {
        T? mine = default;
        T? theirs = default;
        Run(() => { mine = here(); }, () => { theirs = there(); });
        return (mine!, theirs!);
    }
}
