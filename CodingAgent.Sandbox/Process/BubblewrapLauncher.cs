using CodingAgent.Sandbox.Cgroups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Sandbox.Process;

/// <summary>
/// Kernels as bubblewrap-confined child processes. Refuses to exist without bubblewrap unless
/// <c>Sandbox:AllowUnconfined</c> is set (development only, warned about at every start).
/// </summary>
internal sealed partial class BubblewrapLauncher : IKernelLauncher
{
    private readonly SandboxOptions _options;
    private readonly bool _confined;
    private readonly bool _assignsUids;
    private readonly SeccompFilterFile? _seccomp;
    private readonly IKernelCgroups _cgroups;

    public BubblewrapLauncher(IOptions<SandboxOptions> options, ILogger<BubblewrapLauncher> logger)
        : this(options, logger, null)
    {
    }

    /// <param name="cgroups">The kernels' cgroups; null: a cgroup per kernel below the app's own, where the host allows it.</param>
    internal BubblewrapLauncher(IOptions<SandboxOptions> options, ILogger<BubblewrapLauncher> logger, IKernelCgroups? cgroups)
    {
        _options = options.Value;
        _confined = File.Exists(_options.BubblewrapPath);
        if (!_confined && !_options.AllowUnconfined)
        {
            throw new InvalidOperationException(
                $"bubblewrap was not found at {_options.BubblewrapPath}, and CodingAgent will not run model-written code unconfined. " +
                "Install it (apt-get install bubblewrap) or, for development only, set Sandbox:AllowUnconfined=true.");
        }
        if (!_confined)
        {
            LogUnconfined(logger);
        }
        _assignsUids = _confined && Environment.UserName == "root" && File.Exists("/usr/bin/setpriv");
        _seccomp = _confined ? SeccompFilterFile.WriteFor(_options) : null;
        _cgroups = cgroups ?? new KernelCgroups(_options, logger);
    }

    public string Name => _confined ? "bubblewrap" : "unconfined process";

    public bool AssignsUids => _assignsUids;

    public string ResourceControl => _cgroups.Support.Available ? _cgroups.Support.Description : "rlimits only: " + _cgroups.Support.Description;

    public async Task<IKernelTransport> LaunchAsync(string workspace, string kernelDirectory, int? uid, CancellationToken cancellationToken)
    {
        var startInfo = _seccomp is not null
            ? BubblewrapCommand.Create(_options, kernelDirectory, workspace, uid, _seccomp)
            : BubblewrapCommand.CreateUnconfined(_options, kernelDirectory, workspace);
        var cgroup = _cgroups.Create();
        if (cgroup is not null)
        {
            startInfo = CgroupJoinCommand.Wrap(startInfo, cgroup.ProcsFiles);
        }
        try
        {
            return new ProcessTransport(startInfo, killTree: !_confined, sandboxUid: uid, cgroup);
        }
        catch when (cgroup is not null)
        {
            await cgroup.RemoveAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _cgroups.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox:AllowUnconfined is set and bubblewrap is missing: model-written code runs UNCONFINED, with the app's privileges. Never use this outside development.")]
    private static partial void LogUnconfined(ILogger logger);
}
