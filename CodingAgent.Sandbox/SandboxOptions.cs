using System.ComponentModel.DataAnnotations;

namespace CodingAgent.Sandbox;

public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    public const string ProcessProvider = "Process";
    public const string DockerProvider = "Docker";

    /// <summary><c>Process</c> (bubblewrap, the default) or <c>Docker</c>.</summary>
    [Required, RegularExpression("^(Process|Docker)$", ErrorMessage = "Sandbox:Provider must be Process or Docker.")]
    public string Provider { get; set; } = ProcessProvider;

    /// <summary>Docker engine endpoint; empty = DOCKER_HOST, else unix:///var/run/docker.sock.</summary>
    public string? DockerHost { get; set; }

    /// <summary>The sandbox image (built offline by scripts/build-sandbox-image.sh).</summary>
    public string DockerImage { get; set; } = "codingagent-sandbox:latest";

    /// <summary>Names this app instance's containers, so an instance cleans up only its own leftovers.</summary>
    [Required]
    public string InstanceName { get; set; } = Environment.MachineName;

    /// <summary>
    /// CPUs a kernel may use: the CPU quota of its cgroup on both backends (the process backend where kernels get
    /// cgroups, see <see cref="MemoryLimitMb"/>).
    /// </summary>
    [Range(0.1, 64)]
    public double DockerCpus { get; set; } = 1;

    /// <summary>Processes/threads a Docker kernel may have (pids limit).</summary>
    [Range(8, 100_000)]
    public int DockerPidsLimit { get; set; } = 128;

    /// <summary>Pre-started kernels (pandas imported) waiting for new sessions.</summary>
    [Range(0, 64)]
    public int WarmKernels { get; set; } = 1;

    /// <summary>A session's kernel idle this long is stopped (its variables are lost; files stay).</summary>
    [Range(1, 7 * 24 * 60)]
    public int IdleMinutes { get; set; } = 30;

    /// <summary>Memory all kernels together may claim (each counts as <see cref="MemoryLimitMb"/>); caps the number of kernels.</summary>
    [Range(64, 16 * 1024 * 1024)]
    public int MaxTotalMemoryMb { get; set; } = 16 * 1024;

    public int MaxKernels => Math.Max(1, MaxTotalMemoryMb / MemoryLimitMb);

    /// <summary>Disk the files of one workspace may take.</summary>
    [Range(1, 1024 * 1024)]
    public int WorkspaceQuotaMb { get; set; } = 2048;

    public const string AutoWorkspaceFilesystem = "Auto";
    public const string DirectoryWorkspaceFilesystem = "Directory";

    /// <summary>
    /// <c>Auto</c> (the default): each workspace is an ext4 image of <see cref="WorkspaceQuotaMb"/> loop-mounted on its
    /// folder, so the filesystem refuses writes past the quota, when the app is root and loop devices work, else a plain
    /// folder (a warning is logged). <c>Directory</c>: always a plain folder; the quota is then enforced by measuring it.
    /// </summary>
    [Required, RegularExpression("^(Auto|Directory)$", ErrorMessage = "Sandbox:WorkspaceFilesystem must be Auto or Directory.")]
    public string WorkspaceFilesystem { get; set; } = AutoWorkspaceFilesystem;

    /// <summary>Size of the kernel's private /tmp.</summary>
    [Range(1, 1024 * 1024)]
    public int TmpSizeMb { get; set; } = 256;

    /// <summary>Size of the kernel's /dev/shm (shared memory, POSIX semaphores); the rest of /dev is read-only.</summary>
    [Range(1, 1024 * 1024)]
    public int ShmSizeMb { get; set; } = 64;

    /// <summary>Rows of a DataFrame stored in a table artifact.</summary>
    [Range(1, 10_000_000)]
    public int TableMaxRows { get; set; } = 100_000;

    /// <summary>Host directory holding one workspace folder per session. Set by the app from its data folder.</summary>
    [Required]
    public string WorkspaceRoot { get; set; } = "";

    /// <summary>
    /// The app's private runtime directory (mode 0700, created exclusively, owner verified): the extracted kernel and
    /// other files every kernel uses. Set by the app from its data folder; never a fixed name in a shared /tmp.
    /// </summary>
    [Required]
    public string RuntimeDirectory { get; set; } = "";

    /// <summary>
    /// Where the host-wide uid locks live when the app runs as root (shared by every instance on the host; root-owned,
    /// mode 0700, owner verified).
    /// </summary>
    [Required]
    public string UidLockDirectory { get; set; } = "/run/codingagent/uids";

    /// <summary>Python with pandas, numpy, plotly, matplotlib, openpyxl, scipy (Debian's packages).</summary>
    [Required]
    public string PythonPath { get; set; } = "/usr/bin/python3";

    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>Runs kernels without bubblewrap. For development only; logged as a warning at every start.</summary>
    public bool AllowUnconfined { get; set; }

    /// <summary>
    /// When the app runs as root, each kernel runs as its own unprivileged host uid (and gid) from
    /// [<see cref="UidRangeStart"/>, <see cref="UidRangeStart"/> + <see cref="UidRangeSize"/>), so process limits and
    /// file ownership are per session.
    /// </summary>
    [Range(1000, int.MaxValue)]
    public int UidRangeStart { get; set; } = 200_000;

    [Range(1, 1_000_000)]
    public int UidRangeSize { get; set; } = 10_000;

    [Range(1, 24 * 3600)]
    public int ExecutionTimeoutSeconds { get; set; } = 120;

    [Range(1, 600)]
    public int InterruptGraceSeconds { get; set; } = 3;

    [Range(1, 600)]
    public int StartTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Memory of a session: the kernel, every process it starts and what they write to /tmp and /dev/shm together
    /// (the cgroup memory limit, without swap, of the kernel's container or, on the process backend, of the kernel's own
    /// cgroup when the app is root or has a delegated cgroup; the out-of-memory killer stops the largest process when
    /// it is reached). Also each process's address-space limit (RLIMIT_AS), which gives Python a MemoryError.
    /// </summary>
    [Range(64, 1024 * 1024)]
    public int MemoryLimitMb { get; set; } = 2048;

    /// <summary>Total CPU time of a kernel (RLIMIT_CPU).</summary>
    [Range(1, int.MaxValue)]
    public int CpuLimitSeconds { get; set; } = 3600;

    [Range(16, 65536)]
    public int MaxOpenFiles { get; set; } = 256;

    /// <summary>
    /// Processes and threads of a kernel: RLIMIT_NPROC of its uid, and the pids limit of its cgroup on the process
    /// backend (plus bubblewrap's own two processes). Docker kernels use <see cref="DockerPidsLimit"/>.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxProcesses { get; set; } = 64;

    /// <summary>
    /// Largest file a kernel may write (RLIMIT_FSIZE). Each execution lowers it to what the workspace quota has left
    /// plus a tenth of the quota, if that is less.
    /// </summary>
    [Range(1, 1024 * 1024)]
    public int MaxFileSizeMb { get; set; } = 512;

    /// <summary>stdout+stderr forwarded per execution; the rest is dropped with a notice.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int OutputCapBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest single protocol message a kernel may send (a table or chart artifact is one message).</summary>
    [Range(1, 4096)]
    public int MaxProtocolMessageMb { get; set; } = 256;

    /// <summary>
    /// Outputs (tables, charts, images, file announcements) one execution may send, in raw protocol bytes; further
    /// outputs are dropped with a notice, and a kernel that sends more than this plus twice <see cref="OutputCapBytes"/>
    /// of messages the host does not keep in one execution is stopped.
    /// </summary>
    [Range(1, 64 * 1024)]
    public int MaxArtifactMbPerExecution { get; set; } = 256;

    /// <summary>Largest workspace file returned as a file artifact.</summary>
    [Range(1, 1024 * 1024)]
    public int MaxFileArtifactMb { get; set; } = 100;
}
