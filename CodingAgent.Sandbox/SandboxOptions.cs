using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Sandbox;

public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary><c>Process</c> (bubblewrap, the default).</summary>
    [Required, RegularExpression("^(Process)$", ErrorMessage = "Sandbox:Provider must be Process.")]
    public string Provider { get; set; } = "Process";

    /// <summary>Host directory holding one workspace folder per session. Set by the app from its data folder.</summary>
    [Required]
    public string WorkspaceRoot { get; set; } = "";

    /// <summary>Python with pandas, numpy, plotly, matplotlib, openpyxl, scipy (Debian's packages).</summary>
    [Required]
    public string PythonPath { get; set; } = "/usr/bin/python3";

    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>Runs kernels without bubblewrap. For development only; logged as a warning at every start.</summary>
    public bool AllowUnconfined { get; set; }

    /// <summary>When the app runs as root, kernels run as this unprivileged host user id (and group id).</summary>
    [Range(1, int.MaxValue)]
    public int SandboxUserId { get; set; } = 65534;

    [Range(1, 24 * 3600)]
    public int ExecutionTimeoutSeconds { get; set; } = 120;

    [Range(1, 600)]
    public int InterruptGraceSeconds { get; set; } = 3;

    [Range(1, 600)]
    public int StartTimeoutSeconds { get; set; } = 60;

    /// <summary>Address-space limit of a kernel (RLIMIT_AS).</summary>
    [Range(64, 1024 * 1024)]
    public int MemoryLimitMb { get; set; } = 4096;

    /// <summary>Total CPU time of a kernel (RLIMIT_CPU).</summary>
    [Range(1, int.MaxValue)]
    public int CpuLimitSeconds { get; set; } = 3600;

    [Range(16, 65536)]
    public int MaxOpenFiles { get; set; } = 256;

    /// <summary>Processes of the sandbox user (RLIMIT_NPROC); applies where the kernel runs as an unprivileged user.</summary>
    [Range(1, 100_000)]
    public int MaxProcesses { get; set; } = 64;

    /// <summary>Largest file a kernel may write (RLIMIT_FSIZE).</summary>
    [Range(1, 1024 * 1024)]
    public int MaxFileSizeMb { get; set; } = 512;

    /// <summary>stdout+stderr forwarded per execution; the rest is dropped with a notice.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int OutputCapBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest workspace file returned as a file artifact.</summary>
    [Range(1, 1024 * 1024)]
    public int MaxFileArtifactMb { get; set; } = 100;
}
