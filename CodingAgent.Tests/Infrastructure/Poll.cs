using System.Diagnostics;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>Waits for a condition that becomes true in the background (an expiry, a reconnect), failing after a generous bound.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? bound = null)
    {
        var limit = bound ?? TimeSpan.FromSeconds(60);
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < limit, $"not within {limit.TotalSeconds:0} s: {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits for <paramref name="token"/> to be cancelled; fails after the bound.</summary>
    public static async Task UntilCancelledAsync(CancellationToken token, string what, TimeSpan? bound = null)
    {
        var limit = bound ?? TimeSpan.FromSeconds(60);
        try
        {
            await Task.Delay(limit, token);
            Assert.Fail($"not within {limit.TotalSeconds:0} s: {what}");
        }
        catch (TaskCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
}
