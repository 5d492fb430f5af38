namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>An IProgress that records each report as it is made (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
internal sealed class RecordingProgress : IProgress<double>
{
    private readonly List<double> _values = [];
    private readonly Action<double>? _onReport;

    public RecordingProgress(Action<double>? onReport = null) => _onReport = onReport;

    public IReadOnlyList<double> Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    public void Report(double value)
    {
        lock (_values)
        {
            _values.Add(value);
        }
        _onReport?.Invoke(value);
    }
}
