using System.Text.Json;
using CodingAgent.Core.Profiling;

namespace CodingAgent.Sandbox.Profiling;

/// <summary>
/// What the profiler process needs and how it starts. By default CodingAgent.Profiler.dll beside the app, with its
/// runtimeconfig and deps files and each assembly and native library the deps file lists, bound one by one below
/// <see cref="SandboxFolder"/> — never the app's whole folder, which holds appsettings files and every assembly of the
/// web app — run by the dotnet muxer of the runtime the app itself runs on (its root bound read-only where it is not
/// under /usr already). With <see cref="ProfilingOptions.WorkerPath"/>: that one executable file.
/// </summary>
/// <param name="Files">Host file → path inside the sandbox.</param>
/// <param name="ReadOnlyFolders">Host folders bound read-only at the same path (a dotnet root outside /usr).</param>
/// <param name="Command">The command inside the sandbox, before the worker's arguments.</param>
/// <param name="HostCommand">The command as a plain child process (development only).</param>
internal sealed record WorkerFiles(
    IReadOnlyList<(string Source, string Target)> Files,
    IReadOnlyList<string> ReadOnlyFolders,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> HostCommand)
{
    public const string SandboxFolder = "/opt/profiler";
    public const string WorkerAssembly = "CodingAgent.Profiler.dll";

    /// <summary>The root of the .NET installation the app runs on (the folder with the dotnet muxer and shared/).</summary>
    public static string DotnetRoot { get; } = FindDotnetRoot();

    public static WorkerFiles Resolve(ProfilingOptions options)
    {
        if (options.WorkerPath is { Length: > 0 } path)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new InvalidOperationException($"Profiling:WorkerPath {full} does not exist.");
            }
            var target = SandboxFolder + "/" + Path.GetFileName(full);
            return new WorkerFiles([(full, target)], [], [target], [full]);
        }
        var folder = AppContext.BaseDirectory;
        var assembly = Path.Combine(folder, WorkerAssembly);
        var deps = Path.Combine(folder, "CodingAgent.Profiler.deps.json");
        var runtimeConfig = Path.Combine(folder, "CodingAgent.Profiler.runtimeconfig.json");
        foreach (var required in new[] { assembly, deps, runtimeConfig })
        {
            if (!File.Exists(required))
            {
                throw new InvalidOperationException($"The profiler worker's {Path.GetFileName(required)} is missing from {folder}: the app was not built or published with CodingAgent.Profiler.");
            }
        }
        var relative = new[] { WorkerAssembly, Path.GetFileName(deps), Path.GetFileName(runtimeConfig) }
            .Concat(ListedFiles(File.ReadAllText(deps)))
            .Distinct(StringComparer.Ordinal)
            .Where(r => File.Exists(Path.Combine(folder, r)));
        var muxer = Path.Combine(DotnetRoot, "dotnet");
        var folders = DotnetRoot.StartsWith("/usr/", StringComparison.Ordinal) ? Array.Empty<string>() : [DotnetRoot];
        return new WorkerFiles(
            [.. relative.Select(r => (Path.Combine(folder, r), SandboxFolder + "/" + r))],
            folders,
            [muxer, SandboxFolder + "/" + WorkerAssembly],
            [muxer, assembly]);
    }

    /// <summary>
    /// The files of a deps file's libraries, relative to the app folder the way the host looks for them there:
    /// assemblies and native libraries by file name, satellite assemblies below their culture, and RID-specific
    /// assets for Linux by their path (those of other systems are not needed).
    /// </summary>
    internal static IEnumerable<string> ListedFiles(string depsJson)
    {
        using var document = JsonDocument.Parse(depsJson);
        var files = new List<string>();
        if (!document.RootElement.TryGetProperty("targets", out var targets))
        {
            return files;
        }
        foreach (var library in targets.EnumerateObject().SelectMany(t => t.Value.EnumerateObject()).Select(l => l.Value))
        {
            foreach (var kind in new[] { "runtime", "native" })
            {
                if (library.TryGetProperty(kind, out var assets))
                {
                    files.AddRange(assets.EnumerateObject().Select(a => Path.GetFileName(a.Name)));
                }
            }
            if (library.TryGetProperty("resources", out var resources))
            {
                foreach (var resource in resources.EnumerateObject())
                {
                    if (resource.Value.TryGetProperty("locale", out var locale) && locale.GetString() is { Length: > 0 } culture)
                    {
                        files.Add(culture + "/" + Path.GetFileName(resource.Name));
                    }
                }
            }
            if (library.TryGetProperty("runtimeTargets", out var runtimeTargets))
            {
                files.AddRange(runtimeTargets.EnumerateObject()
                    .Where(a => a.Value.TryGetProperty("rid", out var rid) && rid.GetString() is { } id && (id.StartsWith("linux", StringComparison.Ordinal) || id == "unix"))
                    .Select(a => a.Name));
            }
        }
        // names come from a file of the app's own build; still, nothing may climb out of the folder
        return files.Where(f => !f.Split('/').Contains("..") && !Path.IsPathRooted(f));
    }

    /// <summary>The folder above shared/Microsoft.NETCore.App/&lt;version&gt;/ of the running runtime, else the folder of a dotnet muxer that runs the app.</summary>
    private static string FindDotnetRoot()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var root = runtime is null ? null : Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        if (root is not null && File.Exists(Path.Combine(root, "dotnet")))
        {
            return root;
        }
        if (Environment.ProcessPath is { } process && Path.GetFileName(process) == "dotnet")
        {
            return Path.GetDirectoryName(new FileInfo(process).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? process)!;
        }
        return "/usr/share/dotnet";
    }
}
