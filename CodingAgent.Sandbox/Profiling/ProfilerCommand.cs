using System.Diagnostics;
using System.Globalization;
using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox.Process;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// The command line of a confined profiler: the app's common bubblewrap sandbox (<see cref="BubblewrapSandbox"/>: no
/// network, the seccomp filter, a read-only system, a clean environment, an unprivileged uid when the app is root)
/// with the worker's files and the one input file bound read-only, and a size-limited /tmp as the only writable place.
/// The worker gets <c>INPUT FILE-NAME --memory-mb N --threads N --scratch /tmp</c>.
/// </summary>
internal static class ProfilerCommand
{
    public const string InputFolder = "/input";
    public const string Scratch = "/tmp";

    /// <param name="input">The host file to bind read-only at <c>/input/&lt;fileName&gt;</c>, readable by <paramref name="uid"/>.</param>
    /// <param name="fileName">Already sanitized (<see cref="ProfilerFileName"/>).</param>
    public static ProcessStartInfo Create(ProfilingOptions options, SandboxOptions sandbox, WorkerFiles worker, string input, string fileName, int? uid, SeccompFilterFile seccomp)
    {
        var target = InputFolder + "/" + fileName;
        var binds = worker.Files.Append((Source: input, Target: target)).ToList();
        var folders = binds.Select(b => Path.GetDirectoryName(b.Target)!).Concat(worker.ReadOnlyFolders.Select(f => Path.GetDirectoryName(f)!));
        var start = BubblewrapSandbox.Start(sandbox.BubblewrapPath, uid, folders, options.ScratchSizeMb, shmSizeMb: null);
        foreach (var folder in worker.ReadOnlyFolders)
        {
            BubblewrapSandbox.Bind(start.ArgumentList, "--ro-bind", folder, folder);
        }
        foreach (var (source, bindTarget) in binds)
        {
            BubblewrapSandbox.Bind(start.ArgumentList, "--ro-bind", source, bindTarget);
        }
        BubblewrapSandbox.Run(start, Scratch, Environment(options, Scratch, WorkerFiles.DotnetRoot), uid, Limits(options).Concat(worker.Command).Concat(Arguments(options, target, fileName, Scratch)));
        return seccomp.OpenedBy(start);
    }

    /// <summary>
    /// The same sandbox for a worker started ahead of its file: instead of the one input file, the empty host folder
    /// <paramref name="inputFolder"/> bound read-only at <c>/input</c> (the host puts the file there later); the
    /// worker gets <c>--await /input --memory-mb N --threads N --scratch /tmp</c> and the file's name on stdin.
    /// </summary>
    public static ProcessStartInfo CreateWaiting(ProfilingOptions options, SandboxOptions sandbox, WorkerFiles worker, string inputFolder, int? uid, SeccompFilterFile seccomp)
    {
        var folders = worker.Files.Select(b => Path.GetDirectoryName(b.Target)!).Concat(worker.ReadOnlyFolders.Select(f => Path.GetDirectoryName(f)!)).Append(InputFolder);
        var start = BubblewrapSandbox.Start(sandbox.BubblewrapPath, uid, folders, options.ScratchSizeMb, shmSizeMb: null);
        foreach (var folder in worker.ReadOnlyFolders)
        {
            BubblewrapSandbox.Bind(start.ArgumentList, "--ro-bind", folder, folder);
        }
        foreach (var (source, bindTarget) in worker.Files)
        {
            BubblewrapSandbox.Bind(start.ArgumentList, "--ro-bind", source, bindTarget);
        }
        BubblewrapSandbox.Bind(start.ArgumentList, "--ro-bind", inputFolder, InputFolder);
        BubblewrapSandbox.Run(start, Scratch, Environment(options, Scratch, WorkerFiles.DotnetRoot, waiting: true), uid, Limits(options).Concat(worker.Command).Concat(WaitingArguments(options, InputFolder, Scratch)));
        return seccomp.OpenedBy(start);
    }

    /// <summary>Development only: a worker started ahead of its file as a plain child process (<see cref="CreateWaiting"/>).</summary>
    public static ProcessStartInfo CreateUnconfinedWaiting(ProfilingOptions options, WorkerFiles worker, string inputFolder, string scratch) =>
        BubblewrapSandbox.Unconfined(scratch, Environment(options, scratch, WorkerFiles.DotnetRoot, waiting: true), [.. worker.HostCommand, .. WaitingArguments(options, inputFolder, scratch)]);

    /// <summary>Development only: the worker as a plain child process with a clean environment and a scratch folder of its own.</summary>
    public static ProcessStartInfo CreateUnconfined(ProfilingOptions options, WorkerFiles worker, string input, string fileName, string scratch) =>
        BubblewrapSandbox.Unconfined(scratch, Environment(options, scratch, WorkerFiles.DotnetRoot), [.. worker.HostCommand, .. Arguments(options, input, fileName, scratch)]);

    /// <summary>The worker's arguments after its command: <c>INPUT FILE-NAME --memory-mb N --threads N --scratch DIR</c>.</summary>
    internal static IEnumerable<string> Arguments(ProfilingOptions options, string input, string fileName, string scratch) =>
        [input, fileName, .. Options(options, scratch)];

    /// <summary>The arguments of a worker started ahead of its file: <c>--await DIR --memory-mb N --threads N --scratch DIR</c>.</summary>
    internal static IEnumerable<string> WaitingArguments(ProfilingOptions options, string inputFolder, string scratch) =>
        ["--await", inputFolder, .. Options(options, scratch)];

    private static IEnumerable<string> Options(ProfilingOptions options, string scratch) =>
    [
        "--memory-mb", options.MemoryLimitMb.ToString(CultureInfo.InvariantCulture),
        "--threads", options.Threads.ToString(CultureInfo.InvariantCulture),
        "--scratch", scratch,
    ];

    /// <summary>
    /// CPU time (every thread of the worker at full load for the whole timeout, a backstop should the host's timer
    /// not fire) and no core dumps, set by <c>prlimit</c> before the worker starts; its children inherit them.
    /// </summary>
    private static IEnumerable<string> Limits(ProfilingOptions options)
    {
        if (!File.Exists("/usr/bin/prlimit"))
        {
            return [];
        }
        var cpu = CpuSeconds(options).ToString(CultureInfo.InvariantCulture);
        return ["/usr/bin/prlimit", $"--cpu={cpu}:{cpu}", "--core=0:0", "--"];
    }

    /// <summary>RLIMIT_CPU of the worker: every thread of it at full load for the whole timeout, a backstop should the host's timer not fire.</summary>
    internal static long CpuSeconds(ProfilingOptions options) => (long)options.TimeoutSeconds * (options.Threads + 2);

    /// <summary>
    /// The only environment the worker gets — never the app's (it holds secrets): what .NET needs to run small and
    /// quiet, with its heap limited below the memory limit.
    /// </summary>
    /// <param name="dotnetRoot">The .NET installation the worker runs on, as the worker sees it.</param>
    /// <param name="waiting">For a worker started ahead of its file: .NET compiles every method fully optimized at its
    /// first call (no tiered compilation). Its start and warm-up take longer (while no file waits), and the file's
    /// profile runs no code of the quick first tier: 100 MB in 0.80–0.84 s instead of 0.89–0.94 s. A worker started
    /// for its file keeps the tiers, which start faster (at 10 MB 0.64 s against 0.85 s from the start).</param>
    internal static IEnumerable<(string Name, string Value)> Environment(ProfilingOptions options, string scratch, string dotnetRoot, bool waiting = false)
    {
        var heapLimit = (long)options.MemoryLimitMb * 1024 * 1024 / 4 * 3;
        yield return ("PATH", "/usr/bin:/bin");
        yield return ("HOME", scratch);
        yield return ("TMPDIR", scratch);
        yield return ("LANG", "C.UTF-8");
        yield return ("DOTNET_ROOT", dotnetRoot);
        yield return ("DOTNET_gcServer", "0");
        yield return ("DOTNET_GCHeapHardLimit", "0x" + heapLimit.ToString("X", CultureInfo.InvariantCulture));
        yield return ("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1");
        yield return ("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
        yield return ("DOTNET_NOLOGO", "1");
        // no diagnostics IPC socket, no debugger or profiler attach
        yield return ("DOTNET_EnableDiagnostics", "0");
        if (waiting)
        {
            yield return ("DOTNET_TieredCompilation", "0");
        }
    }
}
