namespace CodingAgent.Core.Agent;

/// <summary>
/// Lets the model's HTTP pipeline (retries, rate limits) tell the run that is waiting for it what is happening: the run
/// opens a scope around its model calls, and a retry handler calls <see cref="Notice"/> from the same async flow.
/// </summary>
public static class ModelCallScope
{
    private static readonly AsyncLocal<Action<string>?> _current = new();

    /// <summary>Routes notices of model calls made from this async flow to <paramref name="notify"/> until disposed.</summary>
    public static IDisposable Begin(Action<string> notify)
    {
        var previous = _current.Value;
        _current.Value = notify;
        return new Scope(previous);
    }

    /// <summary>Tells the waiting run, if any, e.g. "The model provider is rate-limiting; retrying in 5 s."</summary>
    public static void Notice(string message) => _current.Value?.Invoke(message);

    private sealed class Scope(Action<string>? previous) : IDisposable
    {
        public void Dispose() => _current.Value = previous;
    }
}
