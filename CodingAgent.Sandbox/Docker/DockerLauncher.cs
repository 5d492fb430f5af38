using System.Globalization;
using CodingAgent.Sandbox.Cgroups;
using CodingAgent.Sandbox.Process;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Sandbox.Docker;

/// <summary>
/// Kernels as Docker containers: no network, read-only root filesystem, the workspace bind-mounted as the only
/// writable host path plus a size-limited tmpfs /tmp, a non-root user, all capabilities dropped, our seccomp profile,
/// no-new-privileges, pids, memory and CPU limits. Containers carry a label so that leftovers of a crashed app
/// are removed at the next start of the same instance (<c>Sandbox:InstanceName</c>).
/// </summary>
internal sealed partial class DockerLauncher : IKernelLauncher
{
    private const string Label = "codingagent.sandbox";
    private readonly SandboxOptions _options;
    private readonly ILogger<DockerLauncher> _logger;
    private readonly DockerClient _client;
    private readonly string _ownUser;
    private readonly Lazy<Task> _prepared;
    private readonly CgroupMounts? _mounts;
    private int _unreachableLogged;

    public DockerLauncher(IOptions<SandboxOptions> options, ILogger<DockerLauncher> logger)
    {
        _options = options.Value;
        _logger = logger;
        _client = DockerEndpoint.CreateClient(_options);
        // never root inside: a uid of the kernel's own when the app is root, else the app's own uid
        AssignsUids = Environment.UserName == "root";
        _ownUser = $"{GetUid()}:{GetGid()}";
        _prepared = new Lazy<Task>(PrepareAsync);
        _mounts = File.Exists("/proc/self/mountinfo") ? CgroupMounts.Read() : null;
        ResourceControl = _mounts is { Version: not CgroupVersion.None }
            ? $"docker: memory, pids and CPU limits per container; the container's cgroup ({(_mounts.Version == CgroupVersion.V1 ? "v1" : "v2")}) is used from the host to stop processes a cell leaves running and to freeze at the disk quota"
            : "docker: memory, pids and CPU limits per container; the host cannot reach the containers' cgroups, so processes a cell leaves running are not stopped";
    }

    public string Name => "docker " + _options.DockerImage;

    public bool AssignsUids { get; }

    public string ResourceControl { get; private set; }

    public async Task<IKernelTransport> LaunchAsync(string workspace, string kernelDirectory, int? uid, CancellationToken cancellationToken)
    {
        await _prepared.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var memory = (long)_options.MemoryLimitMb * 1024 * 1024;
        var parameters = new CreateContainerParameters
        {
            Image = _options.DockerImage,
            Cmd = ["/usr/bin/python3", "-u", BubblewrapCommand.SandboxKernelDirectory + "/kernel.py"],
            User = uid is { } id ? $"{id}:{id}" : _ownUser,
            WorkingDir = BubblewrapCommand.SandboxWorkspace,
            Hostname = "sandbox",
            Env = [.. KernelEnvironment.Variables(_options).Select(v => $"{v.Name}={v.Value}")],
            Labels = new Dictionary<string, string> { [Label] = _options.InstanceName },
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            OpenStdin = true,
            StdinOnce = false,
            Tty = false,
            NetworkDisabled = true,
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                ReadonlyRootfs = true,
                Binds = [$"{workspace}:{BubblewrapCommand.SandboxWorkspace}:rw", $"{kernelDirectory}:{BubblewrapCommand.SandboxKernelDirectory}:ro"],
                Tmpfs = new Dictionary<string, string> { ["/tmp"] = $"rw,nosuid,nodev,size={_options.TmpSizeMb}m,mode=1777" },
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges", "seccomp=" + DockerSeccompProfile.Json],
                PidsLimit = _options.DockerPidsLimit,
                Memory = memory,
                MemorySwap = memory,
                NanoCPUs = (long)(_options.DockerCpus * 1_000_000_000),
                IpcMode = "private",
                // the engine's tini as pid 1 reaps what the host kills; the kernel is its child
                Init = true,
                ShmSize = (long)_options.ShmSizeMb * 1024 * 1024,
                AutoRemove = false,
            },
        };
        var container = await DockerContainer.StartAsync(_client, parameters, _mounts, cancellationToken).ConfigureAwait(false);
        if (container.Processes is null && Interlocked.Exchange(ref _unreachableLogged, 1) == 0)
        {
            ResourceControl = "docker: memory, pids and CPU limits per container; the containers' cgroups are not reachable from the app (another host, pid or cgroup namespace), so processes a cell leaves running are not stopped";
            LogCgroupUnreachable(_logger, container.Id);
        }
        return container;
    }

    /// <summary>Checks the image exists (it is never pulled) and removes kernel containers left by a crashed app.</summary>
    private Task PrepareAsync() => DockerHousekeeping.PrepareAsync(_client, _options.DockerImage,
        $"The sandbox image {_options.DockerImage} does not exist. Build it with scripts/build-sandbox-image.sh and set Sandbox:DockerImage to the tag it prints.",
        Label, _options.InstanceName, id => LogLeftover(_logger, id));

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string GetUid() => NativeGetUid().ToString(CultureInfo.InvariantCulture);

    private static string GetGid() => NativeGetGid().ToString(CultureInfo.InvariantCulture);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint NativeGetUid();

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "getgid")]
    private static partial uint NativeGetGid();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cgroup of sandbox container {ContainerId} is not reachable from the app: processes a cell leaves running are not stopped and the disk quota cannot freeze the kernel")]
    private static partial void LogCgroupUnreachable(ILogger logger, string containerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing sandbox container {ContainerId} left by an earlier run of the app")]
    private static partial void LogLeftover(ILogger logger, string containerId);
}
