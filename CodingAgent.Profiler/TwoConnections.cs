using System.Runtime.ExceptionServices;

namespace CodingAgent.Profiler;

/// <summary>
/// Independent queries on two connections to the same database at once: each connection takes the next item when it
/// is done with one, so the longer items should come first. DuckDB splits a scan by row groups of 122,880 rows, so a
/// query over a sample or a small table runs on one thread; two such queries at once use both cores.
/// </summary>
internal static class TwoConnections
{
    /// <param name="second">The other connection; null: the items run one after the other on <paramref name="first"/>.</param>
    /// <returns>The items' results in the items' order, whichever connection ran them. A failure stops both and is thrown as it was.</returns>
    public static T[] Run<T>(DuckDbSession first, DuckDbSession? second, IReadOnlyList<Func<DuckDbSession, T>> items, CancellationToken cancellationToken)
    {
        var results = new T[items.Count];
        var next = -1;
        void Work(DuckDbSession session)
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < items.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[k] = items[k](session);
            }
        }
        var other = second is null || items.Count < 2 ? Task.CompletedTask : Task.Run(() => Work(second), CancellationToken.None);
        Exception? failed = null;
        try
        {
            Work(first);
        }
        catch (Exception e)
        {
            failed = e;
            // the other connection stops at its next item
            Interlocked.Exchange(ref next, items.Count);
        }
        try
        {
            other.GetAwaiter().GetResult();
        }
        catch (Exception e) when (failed is null)
        {
            failed = e;
        }
        if (failed is not null)
        {
            ExceptionDispatchInfo.Throw(failed);
        }
        return results;
    }
}
