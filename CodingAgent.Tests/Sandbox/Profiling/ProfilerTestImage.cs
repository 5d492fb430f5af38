using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox.Profiling;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>
/// An image for the Docker path of the file profiler, built offline once per test run (never pulled): the sandbox
/// image (<see cref="SandboxImage"/>) plus what the app's image has for the profiler — the .NET runtime the tests run
/// on (the <c>dotnet</c> host, <c>host/fxr</c> and <c>shared/Microsoft.NETCore.App/&lt;this version&gt;</c>, at
/// /usr/share/dotnet with /usr/bin/dotnet) and the worker's own files (CodingAgent.Profiler.* and what its deps file
/// lists, <see cref="WorkerFiles"/>) in /app. Tagged by a hash of all that, so an unchanged worker is not built again.
/// </summary>
public static class ProfilerTestImage
{
    public static readonly Lazy<string> Tag = new(Build);

    private static string Build()
    {
        var baseImage = SandboxImage.Tag.Value;
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = WorkerFiles.DotnetRoot;
        var worker = WorkerFiles.Resolve(new ProfilingOptions());
        // host file → path in the build context
        var files = new List<(string Source, string Target)> { (Path.Combine(dotnetRoot, "dotnet"), "usr/share/dotnet/dotnet") };
        files.AddRange(FilesBelow(Path.Combine(dotnetRoot, "host", "fxr"), dotnetRoot, "usr/share/dotnet"));
        files.AddRange(FilesBelow(runtime, dotnetRoot, "usr/share/dotnet"));
        files.AddRange(worker.Files.Select(f => (f.Source, "app/" + f.Target[(WorkerFiles.SandboxFolder.Length + 1)..])));
        var tag = "codingagent-profiler-test:" + Hash(baseImage, runtime, files);
        if (Docker("image", "inspect", tag).ExitCode == 0)
        {
            return tag;
        }
        var context = Path.Combine(Path.GetTempPath(), "codingagent-profiler-image-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var (source, target) in files)
            {
                var destination = Path.Combine(context, target);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(source, destination);
            }
            Directory.CreateDirectory(Path.Combine(context, "usr", "bin"));
            File.CreateSymbolicLink(Path.Combine(context, "usr", "bin", "dotnet"), "../share/dotnet/dotnet");
            File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {baseImage}\nCOPY usr/ /usr/\nCOPY app/ /app/\n");
            var build = Docker("build", "--quiet", "--network", "none", "--tag", tag, context);
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"docker build of the profiler test image failed: {build.Error}");
            }
            return tag;
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    private static IEnumerable<(string Source, string Target)> FilesBelow(string folder, string root, string prefix) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => (f, prefix + "/" + Path.GetRelativePath(root, f)));

    private static string Hash(string baseImage, string runtime, IEnumerable<(string Source, string Target)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(baseImage + "\n" + runtime + "\n"));
        foreach (var (source, target) in files.OrderBy(f => f.Target, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(target + "\n"));
            // the runtime's files are named by its version; the worker's change with every build
            if (target.StartsWith("app/", StringComparison.Ordinal))
            {
                sha.AppendData(File.ReadAllBytes(source));
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
    }

    private static (int ExitCode, string Error) Docker(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var docker = Process.Start(start)!;
        var error = docker.StandardError.ReadToEndAsync();
        docker.StandardOutput.ReadToEnd();
        docker.WaitForExit();
        return (docker.ExitCode, error.Result);
    }
}
