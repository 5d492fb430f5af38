using System.Globalization;

namespace CodingAgent.Profiler;

/// <summary>
/// Writes <c>{"progress":0.42}</c> lines, at most a few a second and only forward, then the final profile line.
/// </summary>
internal sealed class ProgressWriter(TextWriter writer, TimeProvider time) : IProgress<double>
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(250);
    private readonly Lock _lock = new();
    private long _lastWritten = long.MinValue;
    private double _last = -1;

    public void Report(double value)
    {
        var progress = Math.Round(Math.Clamp(value, 0, 0.99), 2);
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (progress <= _last || (_lastWritten != long.MinValue && time.GetElapsedTime(_lastWritten, now) < _interval))
            {
                return;
            }
            _last = progress;
            _lastWritten = now;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"progress\":{progress}}}"));
            writer.Flush();
        }
    }

    public void WriteFinal(string line)
    {
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
