using System.Diagnostics;
using System.Globalization;
using CodingAgent.Core.Profiling;
using CodingAgent.Profiler;

namespace CodingAgent.Benchmarks;

/// <summary>
/// One file profiled many times in this process, as a warm worker profiles it (the same settings: 1024 MB, two
/// threads): the minimum, first quartile and median of the wall and CPU time of each profile. Not the product's path
/// (no confinement, the process warm from the profile before): a steady measure of the profiler's own work, for
/// comparing one build with another run after run on a machine whose single runs vary.
/// </summary>
internal static class ProfileLoop
{
    public static async Task<string> RunAsync(string path, int profiles)
    {
        var scratch = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "codingagent-bench-loop-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var settings = new ProfilerSettings(1024, 2, scratch);
            var walls = new List<double>();
            var cpus = new List<double>();
            for (var i = 0; i < profiles; i++)
            {
                var cpu = Environment.CpuUsage.TotalTime;
                var started = Stopwatch.GetTimestamp();
                var profile = await new FileProfiler(settings).ProfileAsync(path, Path.GetFileName(path), null, CancellationToken.None);
                walls.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                cpus.Add((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
                if (profile.Status != ProfileStatuses.Ready)
                {
                    throw new InvalidOperationException("The profile failed: " + profile.Error);
                }
            }
            return string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}, {profiles} profiles: wall {Quartiles(walls)}; CPU {Quartiles(cpus)}");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>"min 65.6 ms, p25 82.6 ms, median 95.3 ms".</summary>
    private static string Quartiles(List<double> values)
    {
        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"min {sorted[0]:0.0} ms, p25 {sorted[sorted.Count / 4]:0.0} ms, median {sorted[sorted.Count / 2]:0.0} ms");
    }
}
