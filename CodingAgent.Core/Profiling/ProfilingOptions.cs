using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Core.Profiling;

/// <summary>
/// Limits of the file profiler process (CodingAgent.Profiler), which parses uploaded files — hostile input — confined
/// like a kernel: no network, nothing of the host but what it needs, read-only, a size-limited /tmp, a clean environment;
/// and how an instance schedules profiles and cleanings.
/// </summary>
public sealed class ProfilingOptions
{
    public const string SectionName = "Profiling";

    /// <summary>
    /// Memory of the worker process (its <c>--memory-mb</c>; the .NET heap limit is three quarters of it). The worker's
    /// cgroup, where the host gives it one, allows this plus <see cref="ScratchSizeMb"/>, since what it writes to its
    /// /tmp is memory too; past that the out-of-memory killer stops it and the profile fails saying so.
    /// </summary>
    [Range(64, 1024 * 1024)]
    public int MemoryLimitMb { get; set; } = 1536;

    /// <summary>Wall-clock time a profile may take; then the worker and everything it started are killed.</summary>
    [Range(1, 24 * 3600)]
    public int TimeoutSeconds { get; set; } = 300;

    /// <summary>Threads the worker's engine uses (its <c>--threads</c>), and the CPU quota of its cgroup.</summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 2;

    /// <summary>Size of the worker's /tmp (a tmpfs, its only writable place): room to transcode a 1 GiB non-UTF-8 file.</summary>
    [Range(1, 1024 * 1024)]
    public int ScratchSizeMb { get; set; } = 3072;

    /// <summary>Profiles that run at once; further ones wait.</summary>
    [Range(1, 64)]
    public int MaxConcurrent { get; set; } = 2;

    /// <summary>What the worker may write to stdout (progress lines and the profile); more fails the profile as too large.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxOutputBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Processes and threads the worker may have (its cgroup's pids limit).</summary>
    [Range(8, 100_000)]
    public int MaxTasks { get; set; } = 128;

    /// <summary>
    /// Another worker (tests): an executable file (a script with its interpreter in a <c>#!</c> line under /usr) run
    /// under the same confinement instead of CodingAgent.Profiler.dll, with the same arguments. Empty: the
    /// CodingAgent.Profiler.dll beside the app.
    /// </summary>
    public string? WorkerPath { get; set; }

    /// <summary>
    /// Whether one confined worker is started ahead of the next file (bubblewrap only; a Docker container starts per
    /// file): it warms up, waits with an empty input folder of its own bound read-only, and gets one file — never a
    /// second — so a profile pays for its own work and not for the start-up of .NET and DuckDB. Unset: on for the
    /// CodingAgent.Profiler worker, off for a <see cref="WorkerPath"/> worker (which must then read its file's name
    /// from stdin after <c>--await DIR</c>).
    /// </summary>
    public bool? WarmWorker { get; set; }

    /// <summary>
    /// Whether the worker of <see cref="WarmWorker"/> is started when the app starts, so that the first upload is
    /// profiled warm too; off: the first spare starts after the instance's first profile (an instance that never
    /// profiles then starts no worker).
    /// </summary>
    public bool WarmWorkerAtStart { get; set; } = true;

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

    /// <summary>
    /// With <c>Sandbox:Provider=Docker</c>: the image each profile runs in, as a container of its own (no network, a
    /// read-only root, the input alone bound read-only, uid 65534, the limits above). It must hold a .NET runtime
    /// (<c>dotnet</c> on PATH) and the worker at <see cref="DockerWorkerPath"/>; the app's own image has both. Never
    /// pulled. Empty (the default): the profiler runs under bubblewrap on either provider.
    /// </summary>
    public string? DockerImage { get; set; }

    /// <summary>CodingAgent.Profiler.dll inside <see cref="DockerImage"/>, run as <c>dotnet &lt;path&gt;</c>.</summary>
    [Required, RegularExpression("^/.*", ErrorMessage = "Profiling:DockerWorkerPath must be an absolute path inside the image.")]
    public string DockerWorkerPath { get; set; } = "/app/CodingAgent.Profiler.dll";

    /// <summary>Tests: the command inside <see cref="DockerImage"/> before the worker's arguments, instead of <c>dotnet</c> <see cref="DockerWorkerPath"/>.</summary>
    internal IReadOnlyList<string>? DockerWorkerCommand { get; set; }
}
