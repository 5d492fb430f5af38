using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Deployment;

/// <summary>
/// The app as it is deployed: <c>dotnet publish</c> output started with <c>dotnet CodingAgent.Web.dll</c> in its own
/// process, on 127.0.0.1 (or other --urls) with a port the system picks, optionally as another (unprivileged) user via setpriv.
/// </summary>
public sealed partial class PublishedApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PublishedApp(Process process) => _process = process;

    private static readonly SemaphoreSlim _publishOnce = new(1, 1);
    private static string? _shared;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's process id (for /proc readings).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// One publish output shared by every test of this run that starts the app as a process: published on first use
    /// into a folder of this test run's own (deleted by the OS's temp clean-up, not by a test).
    /// </summary>
    public static async Task<string> SharedPublishAsync()
    {
        await _publishOnce.WaitAsync();
        try
        {
            if (_shared is null)
            {
                var output = Path.Combine(Path.GetTempPath(), "codingagent-published-" + Environment.ProcessId);
                await PublishAsync(output);
                _shared = output;
            }
            return _shared;
        }
        finally
        {
            _publishOnce.Release();
        }
    }

    /// <summary>Kills the app's own process with SIGKILL (no graceful stop, no clean-up), as a crash or the OOM killer would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
        await _process.WaitForExitAsync();
    }

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Publishes CodingAgent.Web from its existing build (the configuration these tests were built in) into <paramref name="output"/>.</summary>
    public static async Task PublishAsync(string output)
    {
        var configuration = typeof(PublishedApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", "CodingAgent.Web", "-c", configuration, "--no-build", "-o", output, "-v", "quiet", "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }
        // the test host's MSBuild variables would point a nested build at the test run's own settings
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await publish.WaitForExitAsync(timeout.Token);
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{await stdout}\n{await stderr}");
    }

    /// <summary>Starts the published app with only the given environment (plus PATH); as <paramref name="uid"/> (and gid) when set.</summary>
    public static async Task<PublishedApp> StartAsync(string appDirectory, IReadOnlyDictionary<string, string> environment, int? uid)
    {
        var app = await LaunchAsync(appDirectory, environment, uid, "http://127.0.0.1:0");
        if (app.HasExited)
        {
            await app.DisposeAsync();
            Assert.Fail($"The published app did not start listening:\n{app.Log}");
        }
        return app;
    }

    /// <summary>
    /// Starts the app in <paramref name="appDirectory"/> with <c>--urls <paramref name="urls"/></c> and waits until it
    /// listens (<see cref="BaseAddress"/>: 127.0.0.1 on its port, whatever address it bound) or exits (<see cref="HasExited"/>).
    /// </summary>
    public static async Task<PublishedApp> LaunchAsync(string appDirectory, IReadOnlyDictionary<string, string> environment, int? uid, string urls)
    {
        var start = new ProcessStartInfo { WorkingDirectory = appDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        var args = start.ArgumentList;
        if (uid is { } id)
        {
            start.FileName = "/usr/bin/setpriv";
            foreach (var arg in new[] { $"--reuid={id}", $"--regid={id}", "--clear-groups", "--", "dotnet" })
            {
                args.Add(arg);
            }
        }
        else
        {
            start.FileName = "dotnet";
        }
        foreach (var arg in new[] { Path.Combine(appDirectory, "CodingAgent.Web.dll"), "--contentRoot", appDirectory, "--urls", urls })
        {
            args.Add(arg);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var app = new PublishedApp(Process.Start(start)!);
        app._process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var exited = app._process.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(app._listening.Task, exited) == app._listening.Task)
        {
            app.BaseAddress = await app._listening.Task;
        }
        else
        {
            await exited;
            // the rest of its output
            app._process.WaitForExit();
        }
        return app;
    }

    /// <summary>True when the app exited instead of listening.</summary>
    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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
            // requests go to loopback only, also when the app listens on every interface
            _listening.TrySetResult(new Uri($"http://127.0.0.1:{match.Groups[1].Value}"));
        }
    }

    [GeneratedRegex(@"Now listening on: http://[^ ]+:([0-9]+)")]
    private static partial Regex Listening();

    /// <summary>Stops the app as a service manager would: SIGTERM, then up to 30 s for a graceful stop (kernels stopped, workspaces unmounted), then SIGKILL.</summary>
    public async ValueTask DisposeAsync()
    {
        await GracefulStop.StopAsync(_process);
        _process.Dispose();
    }
}
