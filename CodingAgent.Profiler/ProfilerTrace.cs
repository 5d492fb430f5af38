using System.Diagnostics;
using System.Globalization;

namespace CodingAgent.Profiler;

/// <summary>Timings of the profile's steps on stderr when CODINGAGENT_PROFILER_TRACE=1 (for the benchmark; stdout is the protocol).</summary>
internal static class ProfilerTrace
{
    private static readonly bool _enabled = Environment.GetEnvironmentVariable("CODINGAGENT_PROFILER_TRACE") == "1";

    /// <summary>A fact, not a timing ("collections: 2").</summary>
    public static void Note(string fact)
    {
        if (_enabled)
        {
            Console.Error.WriteLine(fact);
        }
    }

    public static void Write(string step, long started)
    {
        if (_enabled)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step}: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms (process cpu {Environment.CpuUsage.TotalTime.TotalMilliseconds:0} ms)"));
        }
    }
}
