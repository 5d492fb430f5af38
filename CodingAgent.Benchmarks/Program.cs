using System.Diagnostics;
using System.Globalization;
using System.Text;
using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Docker;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging.Abstractions;

// Sandbox and UI benchmarks: median and p95 of the operations the issue sets targets for. Not a test: run it on a
// quiet machine and record the output in docs/benchmarks.md.
//   dotnet run -c Release --project CodingAgent.Benchmarks -- [--suite sandbox|ui|all] [--backend process|docker|both|none] [--tables] [--docker-image TAG] [--quick]
//   dotnet run -c Release --project CodingAgent.Benchmarks -- --profile [--quick] [--profile-mb 10,100,1024]   (the file profiler against pandas; nothing else runs)
//   DOTNET_TieredCompilation=0 DOTNET_GCRetainVM=1 dotnet run -c Release --project CodingAgent.Benchmarks -- --profile-loop FILE [N]   (FILE profiled N times in this process, 40 by default, as the warm worker runs)
//   dotnet run -c Release --project CodingAgent.Benchmarks -- --product-loop FILE [N]   (FILE profiled N times on the product's path, 20 by default: confined, warm worker)
//     UI: [--tokens 200] [--rounds 3] [--circuits 50] [--app PUBLISH_DIR]
if (Arg("--profile-loop") is { } loopFile)
{
    var profiles = args.SkipWhile(a => a != "--profile-loop").Skip(2).FirstOrDefault() is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 40;
    Console.WriteLine(await CodingAgent.Benchmarks.ProfileLoop.RunAsync(loopFile, profiles));
    return 0;
}
if (Arg("--product-loop") is { } productFile)
{
    var times = args.SkipWhile(a => a != "--product-loop").Skip(2).FirstOrDefault() is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 20;
    Console.WriteLine(await CodingAgent.Benchmarks.ProductLoop.RunAsync(productFile, times));
    return 0;
}
if (args.Contains("--profile"))
{
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    Console.WriteLine();
    var megabytes = Arg("--profile-mb")?.Split(',').Select(mb => long.Parse(mb, CultureInfo.InvariantCulture)).ToList();
    Console.WriteLine(await CodingAgent.Benchmarks.ProfileBenchmark.RunAsync(args.Contains("--quick"), megabytes));
    return 0;
}
var suite = Arg("--suite") ?? "sandbox";
var backend = Arg("--backend") ?? (suite == "ui" ? "none" : "both");
var image = Arg("--docker-image") ?? Environment.GetEnvironmentVariable("CODINGAGENT_SANDBOX_IMAGE");
var quick = args.Contains("--quick");
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
report.AppendLine();
report.AppendLine("| backend | measurement | n | median | p95 | target |");
report.AppendLine("|---|---|---|---|---|---|");

if (backend is "process" or "both")
{
    await RunAsync("Process", options => new BubblewrapLauncher(options, NullLogger<BubblewrapLauncher>.Instance), coldTarget: "< 1.5 s");
}
if (backend is "docker" or "both")
{
    if (string.IsNullOrEmpty(image))
    {
        Console.Error.WriteLine("Docker: pass --docker-image TAG (see scripts/build-sandbox-image.sh) or set CODINGAGENT_SANDBOX_IMAGE.");
        return 2;
    }
    await RunAsync("Docker", options => new DockerLauncher(options, NullLogger<DockerLauncher>.Instance), coldTarget: "< 2.5 s");
}
if (suite is "ui" or "all")
{
    var ui = new CodingAgent.Benchmarks.Ui.UiBenchmarkOptions
    {
        Tokens = IntArg("--tokens") ?? 200,
        Rounds = IntArg("--rounds") ?? (quick ? 1 : 3),
        Circuits = IntArg("--circuits") ?? 50,
        AppDirectory = Arg("--app"),
    };
    await new CodingAgent.Benchmarks.Ui.UiBenchmarks(ui, (what, samples, target) => Add("UI (app, Chromium)", what, samples, target), report).RunAsync();
}
if (args.Contains("--tables"))
{
    await CodingAgent.Benchmarks.TableBenchmark.RunAsync(quick, Add);
}
Console.WriteLine(report);
return 0;

async Task RunAsync(string name, Func<Microsoft.Extensions.Options.IOptions<SandboxOptions>, IKernelLauncher> launcher, string coldTarget)
{
    var root = Path.Combine(Path.GetTempPath(), "codingagent-bench-" + Guid.NewGuid().ToString("N"));
    var settings = new SandboxOptions { WorkspaceRoot = root, RuntimeDirectory = Path.Combine(root, ".runtime"), WarmKernels = 1, DockerImage = image ?? "", InstanceName = "bench" };
    var options = Microsoft.Extensions.Options.Options.Create(settings);
    var pool = new SandboxPool(launcher(options), options, TimeProvider.System, NullLogger<SandboxPool>.Instance);
    try
    {
        // cold start: a kernel process/container started and ready (pandas, plotly, matplotlib imported)
        var cold = new List<double>();
        for (var i = 0; i < (quick ? 3 : 10); i++)
        {
            var watch = Stopwatch.StartNew();
            var kernel = await pool.StartKernelAsync(Guid.NewGuid(), CancellationToken.None);
            cold.Add(watch.Elapsed.TotalMilliseconds);
            await kernel.DisposeAsync();
        }
        Add(name, "cold kernel start", cold, coldTarget);

        // session start with the warm pool: GetKernelAsync for a new session while a warm kernel waits
        await pool.StartAsync(CancellationToken.None);
        var starts = new List<double>();
        for (var i = 0; i < (quick ? 5 : 20); i++)
        {
            while (pool.WarmCount == 0)
            {
                await Task.Delay(20);
            }
            var session = Guid.NewGuid();
            var watch = Stopwatch.StartNew();
            await pool.GetKernelAsync(session, CancellationToken.None);
            starts.Add(watch.Elapsed.TotalMilliseconds);
            await pool.RemoveSessionAsync(session, CancellationToken.None);
        }
        Add(name, "session start from the warm pool", starts, "< 50 ms");

        var warm = await pool.GetKernelAsync(Guid.NewGuid(), CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            await warm.ExecuteAsync("1+1", null, CancellationToken.None);
        }
        var trips = new List<double>();
        for (var i = 0; i < (quick ? 50 : 300); i++)
        {
            var watch = Stopwatch.StartNew();
            var result = await warm.ExecuteAsync("1+1", null, CancellationToken.None);
            trips.Add(watch.Elapsed.TotalMilliseconds);
            if (result.ResultText != "2")
            {
                throw new InvalidOperationException("1+1 returned " + result.ResultText);
            }
        }
        Add(name, "warm execution of `1+1`, round trip", trips, "< 5 ms");

        var streams = new List<double>();
        for (var i = 0; i < (quick ? 3 : 15); i++)
        {
            var lines = 0;
            var watch = Stopwatch.StartNew();
            var result = await warm.ExecuteAsync("for i in range(10000):\n    print(i)", chunk => lines += chunk.Text.Count(c => c == '\n'), CancellationToken.None);
            streams.Add(watch.Elapsed.TotalMilliseconds);
            if (lines != 10_000 || !result.Succeeded)
            {
                throw new InvalidOperationException($"streamed {lines} lines");
            }
        }
        Add(name, "10,000 stdout lines streamed", streams, "—");
    }
    finally
    {
        await pool.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }
}

void Add(string name, string what, List<double> samples, string target)
{
    samples.Sort();
    static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    var line = string.Create(CultureInfo.InvariantCulture, $"| {name} | {what} | {samples.Count} | {Format(Percentile(samples, 0.5))} | {Format(Percentile(samples, 0.95))} | {target} |");
    report.AppendLine(line);
    Console.Error.WriteLine(line);
}

static string Format(double ms) => ms >= 1000
    ? (ms / 1000).ToString("0.00 s", CultureInfo.InvariantCulture)
    : ms.ToString("0.0 ms", CultureInfo.InvariantCulture);

string? Arg(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int? IntArg(string name) => Arg(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;
