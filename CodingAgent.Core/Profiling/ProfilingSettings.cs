using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Core.Profiling;

/// <summary>How this instance schedules profiles (the <c>Profiling</c> section; the confinement's limits are in the same section).</summary>
public sealed class ProfilingSettings
{
    public const string SectionName = "Profiling";

    /// <summary>Files profiled at the same time on this instance.</summary>
    [Range(1, 32)]
    public int Workers { get; set; } = 2;

    /// <summary>A pending profile not advanced for this long is taken up again by any instance.</summary>
    [Range(10, 24 * 3600)]
    public int StaleSeconds { get; set; } = 120;

    /// <summary>Rows of a sample a cleaning preview runs on.</summary>
    [Range(10, 1_000_000)]
    public int PreviewSampleRows { get; set; } = 1000;

    /// <summary>How long a cleaning script may run in the session's kernel.</summary>
    [Range(5, 24 * 3600)]
    public int CleaningTimeoutSeconds { get; set; } = 600;
}
