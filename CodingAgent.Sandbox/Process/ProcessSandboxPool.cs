using System.Collections.Concurrent;
using System.Reflection;
using CodingAgent.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CodingAgent.Sandbox.Process;

/// <summary>One bubblewrap-confined kernel process per session, started on first use.</summary>
internal sealed partial class ProcessSandboxPool : ISandboxPool, IAsyncDisposable
{
    private readonly SandboxOptions _options;
    private readonly ILogger<ProcessSandboxPool> _logger;
    private readonly ConcurrentDictionary<Guid, Kernel> _kernels = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _starting = new();
    private readonly string _kernelDirectory;
    private readonly bool _confined;
    private readonly bool _dropToSandboxUser;

    public ProcessSandboxPool(IOptions<SandboxOptions> options, ILogger<ProcessSandboxPool> logger)
    {
        _options = options.Value;
        _logger = logger;
        _confined = File.Exists(_options.BubblewrapPath);
        if (!_confined && !_options.AllowUnconfined)
        {
            throw new InvalidOperationException(
                $"bubblewrap was not found at {_options.BubblewrapPath}, and CodingAgent will not run model-written code unconfined. " +
                "Install it (apt-get install bubblewrap) or, for development only, set Sandbox:AllowUnconfined=true.");
        }
        if (!_confined)
        {
            LogUnconfined(_logger);
        }
        _dropToSandboxUser = _confined && Environment.UserName == "root" && File.Exists("/usr/bin/setpriv");
        Directory.CreateDirectory(_options.WorkspaceRoot);
        _kernelDirectory = ExtractKernel();
    }

    public string GetWorkspaceDirectory(Guid sessionId)
    {
        var directory = Path.Combine(Path.GetFullPath(_options.WorkspaceRoot), sessionId.ToString("N"));
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            if (_dropToSandboxUser)
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                Chown(directory, _options.SandboxUserId, _options.SandboxUserId);
            }
        }
        return directory;
    }

    public async Task<IKernel> GetKernelAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (_kernels.TryGetValue(sessionId, out var running) && running.IsAlive)
        {
            return running;
        }
        var gate = _starting.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_kernels.TryGetValue(sessionId, out running))
            {
                if (running.IsAlive)
                {
                    return running;
                }
                _kernels.TryRemove(sessionId, out _);
                await running.DisposeAsync().ConfigureAwait(false);
            }
            var kernel = await StartKernelAsync(GetWorkspaceDirectory(sessionId), cancellationToken).ConfigureAwait(false);
            _kernels[sessionId] = kernel;
            return kernel;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task RemoveSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (_kernels.TryRemove(sessionId, out var kernel))
        {
            await kernel.DisposeAsync().ConfigureAwait(false);
        }
        var directory = Path.Combine(Path.GetFullPath(_options.WorkspaceRoot), sessionId.ToString("N"));
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal async Task<Kernel> StartKernelAsync(string workspace, CancellationToken cancellationToken)
    {
        var startInfo = _confined
            ? BubblewrapCommand.Create(_options, _kernelDirectory, workspace, _dropToSandboxUser)
            : BubblewrapCommand.CreateUnconfined(_options, _kernelDirectory, workspace);
        var kernel = new Kernel(new ProcessTransport(startInfo), workspace, _options, _logger);
        try
        {
            await kernel.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            return kernel;
        }
        catch
        {
            await kernel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var kernel in _kernels.Values)
        {
            await kernel.DisposeAsync().ConfigureAwait(false);
        }
        _kernels.Clear();
    }

    private static string ExtractKernel()
    {
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("CodingAgent.Sandbox.kernel.py")
            ?? throw new InvalidOperationException("kernel.py is not embedded in CodingAgent.Sandbox");
        using var reader = new StreamReader(resource);
        var source = reader.ReadToEnd();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)))[..16];
        var directory = Path.Combine(Path.GetTempPath(), "codingagent-kernel-" + hash);
        var path = Path.Combine(directory, "kernel.py");
        if (!File.Exists(path) || File.ReadAllText(path) != source)
        {
            Directory.CreateDirectory(directory);
            var temp = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temp, source);
            File.Move(temp, path, overwrite: true);
        }
        const UnixFileMode readable = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(directory, readable | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(path, readable | UnixFileMode.UserWrite);
        return directory;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int ChownNative(string path, int owner, int group);

    private static void Chown(string path, int uid, int gid)
    {
        if (ChownNative(path, uid, gid) != 0)
        {
            throw new IOException($"chown {path} failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox:AllowUnconfined is set and bubblewrap is missing: model-written code runs UNCONFINED, with the app's privileges. Never use this outside development.")]
    private static partial void LogUnconfined(ILogger logger);
}
