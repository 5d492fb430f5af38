using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CodingAgent.Benchmarks.Ui;

/// <summary>
/// The app as deployed: <c>dotnet publish</c> output started as its own process (<c>dotnet CodingAgent.Web.dll</c>) on
/// 127.0.0.1, so that its memory can be read from <c>/proc/&lt;pid&gt;/status</c> without the benchmark's own.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process) => _process = process;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Publishes CodingAgent.Web (Release) into <paramref name="output"/>.</summary>
    public static async Task PublishAsync(string repositoryRoot, string output)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", "CodingAgent.Web", "-c", "Release", "-o", output, "-v", "quiet", "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }
        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed:\n{await stdout}\n{await stderr}");
        }
    }

    /// <summary>Starts the published app in <paramref name="appDirectory"/> with a data folder of its own and the model at <paramref name="modelUrl"/>.</summary>
    public static async Task<AppProcess> StartAsync(string appDirectory, string dataDirectory, string modelUrl, string apiKey)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = appDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(appDirectory, "CodingAgent.Web.dll"), "--contentRoot", appDirectory, "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = dataDirectory;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["CODINGAGENT_DATA_DIR"] = dataDirectory;
        start.Environment["Llm__Endpoint"] = modelUrl;
        start.Environment["Llm__ApiKey"] = apiKey;
        start.Environment["Llm__Model"] = "benchmark";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var app = new AppProcess(Process.Start(start)!);
        app._process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var started = await Task.WhenAny(app._listening.Task, app._process.WaitForExitAsync(timeout.Token));
        if (started != app._listening.Task)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException("The published app did not start:\n" + app._log);
        }
        app.BaseUrl = await app._listening.Task;
        return app;
    }

    /// <summary>The app process's resident memory (<c>VmRSS</c>), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
        if (Listening().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:[0-9]+)")]
    private static partial Regex Listening();

    /// <summary>SIGTERM (the host's graceful stop: kernels stopped), then SIGKILL after 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("/bin/kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
