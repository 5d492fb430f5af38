using System.Diagnostics;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>Runs Python code with the host's python3 and Debian's pandas (the same interpreter and packages the sandbox binds) in a folder the test owns.</summary>
public static class HostPython
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(string workingDirectory, string code)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", code },
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
