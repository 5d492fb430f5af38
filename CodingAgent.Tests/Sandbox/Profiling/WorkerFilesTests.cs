using CodingAgent.Core.Profiling;
using CodingAgent.Sandbox.Profiling;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>The real worker gets its own files bound one by one, never the app's folder.</summary>
public sealed class WorkerFilesTests
{
    [Fact]
    public void The_worker_gets_the_files_its_deps_file_lists_and_nothing_else_of_the_apps_folder()
    {
        var worker = WorkerFiles.Resolve(new ProfilingOptions());
        var targets = worker.Files.Select(f => f.Target).ToList();

        Assert.Contains("/opt/profiler/CodingAgent.Profiler.dll", targets);
        Assert.Contains("/opt/profiler/CodingAgent.Profiler.runtimeconfig.json", targets);
        Assert.Contains("/opt/profiler/CodingAgent.Core.dll", targets);
        Assert.Contains("/opt/profiler/DuckDB.NET.Data.dll", targets);
        Assert.Contains("/opt/profiler/ExcelDataReader.dll", targets);
        Assert.Contains("/opt/profiler/runtimes/linux-x64/native/libduckdb.so", targets);
        Assert.DoesNotContain(targets, t => t.Contains("CodingAgent.Tests", StringComparison.Ordinal) || t.Contains("CodingAgent.Web", StringComparison.Ordinal));
        Assert.DoesNotContain(targets, t => t.EndsWith("appsettings.json", StringComparison.Ordinal) || t.Contains("/win-", StringComparison.Ordinal) || t.Contains("/osx", StringComparison.Ordinal));
        Assert.All(worker.Files, f => Assert.True(File.Exists(f.Source), f.Source));
        Assert.Equal([Path.Combine(WorkerFiles.DotnetRoot, "dotnet"), "/opt/profiler/CodingAgent.Profiler.dll"], worker.Command);
    }

    [Fact]
    public void The_workers_runtime_compiles_each_method_optimized_at_its_first_call_and_keeps_freed_memory()
    {
        // a warm worker runs its file on the code its warm-up compiled: tiered, that code could still be Tier0
        var worker = WorkerFiles.Resolve(new ProfilingOptions());
        var config = worker.Files.Single(f => f.Target == "/opt/profiler/CodingAgent.Profiler.runtimeconfig.json").Source;

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.Runtime.TieredCompilation").GetBoolean());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.RetainVM").GetBoolean());
    }

    [Fact]
    public void Names_in_a_deps_file_never_climb_out_of_the_apps_folder()
    {
        const string deps = """
            {"targets": {".NETCoreApp,Version=v10.0": {
              "A/1.0": {"runtime": {"lib/net10.0/A.dll": {}}, "native": {"runtimes/x/libA.so": {}}},
              "B/1.0": {"runtimeTargets": {"runtimes/linux-x64/native/libb.so": {"rid": "linux-x64", "assetType": "native"},
                                           "runtimes/win-x64/native/b.dll": {"rid": "win-x64", "assetType": "native"},
                                           "../../etc/shadow": {"rid": "linux-x64", "assetType": "native"}}},
              "C/1.0": {"resources": {"lib/net10.0/de/C.resources.dll": {"locale": "de"}}}
            }}}
            """;

        Assert.Equal(["A.dll", "libA.so", "runtimes/linux-x64/native/libb.so", "de/C.resources.dll"], WorkerFiles.ListedFiles(deps));
    }
}
