using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// Each profile in a fresh container of <see cref="ProfilingOptions.DockerImage"/> (the app's own image has .NET and
/// the worker): no network, a read-only root filesystem, a tmpfs /tmp of <see cref="ProfilingOptions.ScratchSizeMb"/>
/// as the only writable place, uid 65534, no capabilities, no-new-privileges, the sandbox's seccomp profile, memory
/// (with /tmp, no swap), pids and CPU limits, a clean environment, and the input alone bound read-only at
/// <c>/input/&lt;name&gt;</c>: a 0444 copy in this instance's private runtime folder, which is under the data folder and so
/// at the same path on the Docker host (the engine binds host paths). Containers carry the label
/// <c>codingagent.profiler=&lt;instance&gt;</c> (not the kernels' label, whose cleanup must not take a running profile);
/// those a crashed app left are removed before this instance's first profile.
/// </summary>
internal sealed partial class DockerProfilerLauncher : IProfilerLauncher
{
    public const string Label = "codingagent.profiler";

    /// <summary>nobody:nogroup, in any image: no file of the image or the host belongs to it.</summary>
    public const string User = "65534:65534";

    /// <summary>Where .NET is in the app's image (the official .NET images).</summary>
    public const string DotnetRoot = "/usr/share/dotnet";

    private readonly ProfilingOptions _options;
    private readonly SandboxOptions _sandbox;
    private readonly ProfilerPrivateFolder _folder;
    private readonly ILogger _logger;
    private readonly DockerClient _client;
    private readonly Lock _gate = new();
    private Task? _prepared;

    public DockerProfilerLauncher(ProfilingOptions options, SandboxOptions sandbox, ProfilerPrivateFolder folder, ILogger logger)
    {
        _options = options;
        _sandbox = sandbox;
        _folder = folder;
        _logger = logger;
        _client = DockerEndpoint.CreateClient(sandbox);
    }

    public async Task<IProfilerRun> StartAsync(string input, string fileName, CancellationToken cancellationToken)
    {
        await PrepareAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        // always a copy: the input may be anywhere the app can read (a temporary file of the app's container), while
        // the engine binds Docker host paths, and the worker's uid must be able to read it
        var copy = await _folder.ReadableCopyAsync(input, cancellationToken).ConfigureAwait(false);
        try
        {
            var container = await DockerContainer.StartAsync(_client, Parameters(copy, fileName), mounts: null, cancellationToken).ConfigureAwait(false);
            return new DockerProfilerRun(container, [input, copy], () => File.Delete(copy));
        }
        catch
        {
            File.Delete(copy);
            throw;
        }
    }

    private CreateContainerParameters Parameters(string copy, string fileName)
    {
        var target = ProfilerCommand.InputFolder + "/" + fileName;
        var memory = ((long)_options.MemoryLimitMb + _options.ScratchSizeMb) * 1024 * 1024;
        IReadOnlyList<string> command = _options.DockerWorkerCommand is { Count: > 0 } testDouble ? testDouble : ["dotnet", _options.DockerWorkerPath];
        var cpuSeconds = ProfilerCommand.CpuSeconds(_options);
        return new CreateContainerParameters
        {
            Name = $"codingagent-profiler-{ProfilerPrivateFolder.InstanceSegment(_sandbox.InstanceName)}-{Guid.NewGuid():N}",
            Image = _options.DockerImage,
            // both set, so that neither the image's ENTRYPOINT (the app's) nor its CMD is appended
            Entrypoint = [command[0]],
            Cmd = [.. command.Skip(1), .. ProfilerCommand.Arguments(_options, target, fileName, ProfilerCommand.Scratch)],
            User = User,
            WorkingDir = ProfilerCommand.Scratch,
            Hostname = "profiler",
            Env = [.. ProfilerCommand.Environment(_options, ProfilerCommand.Scratch, DotnetRoot).Select(v => $"{v.Name}={v.Value}")],
            Labels = new Dictionary<string, string> { [Label] = _sandbox.InstanceName },
            AttachStdin = false,
            AttachStdout = true,
            AttachStderr = true,
            OpenStdin = false,
            Tty = false,
            NetworkDisabled = true,
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                ReadonlyRootfs = true,
                Mounts = [new Mount { Type = "bind", Source = copy, Target = target, ReadOnly = true }],
                Tmpfs = new Dictionary<string, string> { [ProfilerCommand.Scratch] = $"rw,nosuid,nodev,size={_options.ScratchSizeMb}m,mode=1777" },
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges", "seccomp=" + DockerSeccompProfile.Json],
                PidsLimit = _options.MaxTasks,
                Memory = memory,
                MemorySwap = memory,
                NanoCPUs = _options.Threads * 1_000_000_000L,
                Ulimits = [new Ulimit { Name = "core", Soft = 0, Hard = 0 }, new Ulimit { Name = "cpu", Soft = cpuSeconds, Hard = cpuSeconds }],
                IpcMode = "private",
                // the engine's tini as pid 1: the worker is an ordinary process, its signals and exit code as anywhere
                Init = true,
                AutoRemove = false,
            },
        };
    }

    /// <summary>Checks the image exists (it is never pulled) and removes profiler containers a crash of this instance left; again after a failure.</summary>
    private Task PrepareAsync()
    {
        lock (_gate)
        {
            if (_prepared is null || _prepared.IsFaulted || _prepared.IsCanceled)
            {
                _prepared = PrepareOnceAsync();
            }
            return _prepared;
        }
    }

    private Task PrepareOnceAsync() => DockerHousekeeping.PrepareAsync(_client, _options.DockerImage!,
        $"The profiler image {_options.DockerImage} (Profiling:DockerImage) does not exist on the Docker host; it is never pulled. Build the app's image (docker compose build) or set Profiling:DockerImage to an image with .NET and {_options.DockerWorkerPath}.",
        Label, _sandbox.InstanceName, id => LogLeftover(_logger, id));

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing profiler container {ContainerId} left by an earlier run of the app")]
    private static partial void LogLeftover(ILogger logger, string containerId);
}
