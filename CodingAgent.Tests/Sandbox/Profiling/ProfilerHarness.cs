using System.Globalization;
using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Profiling;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>
/// A data folder as the app has it — below a folder only root may enter, an upload's content in a blob folder
/// (mode 0600, as the blob store writes it), another session's file beside it, the app's secret in its environment —
/// and confined profilers over it, running test-double workers (Python scripts) under the very confinement the real
/// worker gets.
/// </summary>
public sealed class ProfilerHarness : IAsyncDisposable
{
    public const string InputContent = "city,amount\nOslo,12\nLima,7\n";

    private readonly List<ConfinedFileProfiler> _profilers = [];

    public ProfilerHarness()
    {
        Environment.SetEnvironmentVariable("CODINGAGENT_FAKE_SECRET", SandboxFixture.FakeSecret);
        Directory.CreateDirectory(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Sandbox = new SandboxOptions
        {
            InstanceName = "tests-" + Guid.NewGuid().ToString("N")[..8],
            WorkspaceRoot = Path.Combine(DataFolder, "workspaces"),
            RuntimeDirectory = Path.Combine(DataFolder, "runtime"),
        };
        var blobs = Directory.CreateDirectory(Path.Combine(DataFolder, "blobs", Guid.NewGuid().ToString("N"))).FullName;
        InputPath = Path.Combine(blobs, "content-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(InputPath, InputContent);
        File.SetUnixFileMode(InputPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        OtherSessionFile = Path.Combine(blobs, "other-session");
        File.WriteAllText(OtherSessionFile, OtherSessionSecret);
        File.SetUnixFileMode(OtherSessionFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Directory.CreateDirectory(Path.Combine(Sandbox.WorkspaceRoot, Guid.NewGuid().ToString("N")));
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "codingagent-profiling-" + Guid.NewGuid().ToString("N"));

    public string DataFolder => Path.Combine(Root, "data");

    public SandboxOptions Sandbox { get; }

    /// <summary>The upload's content in host-only storage (0600, the app's user).</summary>
    public string InputPath { get; }

    /// <summary>A world-readable file of another session beside the input: readable by path, if the sandbox let anybody reach it.</summary>
    public string OtherSessionFile { get; }

    public string OtherSessionSecret { get; } = "other-session-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// A profiler whose worker is <paramref name="python"/>, run as <c>python3 -I</c> with the worker's arguments in
    /// <c>sys.argv[1:]</c>. The script's name carries <paramref name="token"/>, so a test can look for its processes on the host.
    /// </summary>
    internal ConfinedFileProfiler Create(string python, Action<ProfilingOptions>? configure = null, string? token = null, Action<SandboxOptions>? sandbox = null, Microsoft.Extensions.Logging.ILogger<ConfinedFileProfiler>? logger = null, TimeProvider? time = null)
    {
        var script = Path.Combine(Root, $"worker-{token ?? Guid.NewGuid().ToString("N")}.py");
        File.WriteAllText(script, "#!/usr/bin/python3 -I\n" + python);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return CreateWith(o => { o.WorkerPath = script; configure?.Invoke(o); }, sandbox, logger, time);
    }

    /// <summary>
    /// A profiler on the Docker path (<c>Sandbox:Provider=Docker</c>, <see cref="ProfilingOptions.DockerImage"/> the
    /// test image): the real worker, or with <paramref name="python"/> a test double run in the same container as
    /// <c>python3 -I -c</c> with the worker's arguments in <c>sys.argv[1:]</c>.
    /// </summary>
    internal ConfinedFileProfiler CreateInContainer(string? python = null, Action<ProfilingOptions>? configure = null, Microsoft.Extensions.Logging.ILogger<ConfinedFileProfiler>? logger = null) =>
        CreateWith(
            o =>
            {
                o.DockerImage = ProfilerTestImage.Tag.Value;
                o.DockerWorkerCommand = python is null ? null : ["/usr/bin/python3", "-I", "-c", python];
                configure?.Invoke(o);
            },
            s => s.Provider = SandboxOptions.DockerProvider,
            logger);

    /// <summary>A profiler of the real CodingAgent.Profiler worker (or another, as <paramref name="configure"/> says).</summary>
    internal ConfinedFileProfiler CreateWith(Action<ProfilingOptions>? configure = null, Action<SandboxOptions>? sandbox = null, Microsoft.Extensions.Logging.ILogger<ConfinedFileProfiler>? logger = null, TimeProvider? time = null)
    {
        var options = new ProfilingOptions { MemoryLimitMb = 256, ScratchSizeMb = 32, TimeoutSeconds = 120, MaxOutputBytes = 1024 * 1024 };
        configure?.Invoke(options);
        sandbox?.Invoke(Sandbox);
        var profiler = new ConfinedFileProfiler(
            Microsoft.Extensions.Options.Options.Create(options),
            Microsoft.Extensions.Options.Options.Create(Sandbox),
            time ?? TimeProvider.System,
            logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<ConfinedFileProfiler>.Instance);
        _profilers.Add(profiler);
        return profiler;
    }

    /// <summary>
    /// The Python that ends a test-double worker: prints <c>{"profile": …}</c>, ready, with <paramref name="notesExpression"/>
    /// (a Python list of strings) as its notes.
    /// </summary>
    public static string EmitNotes(string notesExpression) =>
        $"import json as _json, sys as _sys\n_sys.stdout.write(_json.dumps({{'profile': {{'status': 'ready', 'tables': [], 'findings': [], 'notes': {notesExpression}}}}}) + '\\n')\n_sys.stdout.flush()\n";

    /// <summary>The notes of a ready profile as name → value ("name=value" each).</summary>
    public static IReadOnlyDictionary<string, string> Notes(FileProfile profile)
    {
        Assert.True(profile.Status == ProfileStatuses.Ready, profile.Error);
        return Assert.IsAssignableFrom<IReadOnlyList<string>>(profile.Notes).Select(n => n.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
    }

    /// <summary>Whether the file has a POSIX access ACL.</summary>
    internal static bool HasAccessAcl(string path)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        return global::CodingAgent.Sandbox.Cgroups.LibC.FGetXAttr((int)file.DangerousGetHandle(), "system.posix_acl_access", [], 0) >= 0;
    }

    /// <summary>Host processes whose command line holds <paramref name="token"/> (not zombies).</summary>
    public static IReadOnlyList<int> ProcessesWith(string token)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                if (state != 'Z' && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(token, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
            {
                // gone meanwhile
            }
        }
        return found;
    }

    /// <summary>Completes once the workers of every profile returned by this harness's profilers have ended and what they used is gone.</summary>
    internal Task WorkersEndedAsync() => Task.WhenAll(_profilers.Select(p => p.EndedAsync()));

    public async ValueTask DisposeAsync()
    {
        foreach (var profiler in _profilers)
        {
            await profiler.DisposeAsync();
        }
        Directory.Delete(Root, recursive: true);
    }
}
