using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Deployment;

/// <summary>
/// The app as it is deployed: <c>dotnet publish</c> output started with <c>dotnet CodingAgent.Web.dll</c> in its own
/// process, on 127.0.0.1 with a port the system picks, optionally as another (unprivileged) user via setpriv.
/// </summary>
public sealed partial class PublishedApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PublishedApp(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's process (the dotnet host runs the app in it), for /proc/&lt;pid&gt;/status.</summary>
    public int ProcessId => _process.Id;

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
        foreach (var arg in new[] { Path.Combine(appDirectory, "CodingAgent.Web.dll"), "--contentRoot", appDirectory, "--urls", "http://127.0.0.1:0" })
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
        var started = await Task.WhenAny(app._listening.Task, app._process.WaitForExitAsync(timeout.Token));
        if (started != app._listening.Task)
        {
            await app.DisposeAsync();
            Assert.Fail($"The published app did not start listening:\n{app.Log}");
        }
        app.BaseAddress = await app._listening.Task;
        return app;
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
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:[0-9]+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
