using System.Diagnostics;
using System.Text;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Evaluation;

/// <summary>
/// Runs the app's own executable as a user would, <c>dotnet CodingAgent.Web.dll eval …</c> (the build beside these
/// tests), in <paramref name="workingDirectory"/> with only the given environment (plus PATH), its data on a folder of
/// the test's own.
/// </summary>
public static class EvalProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CodingAgent.Web.dll"));
        start.ArgumentList.Add("eval");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"eval did not finish within 4 minutes:\n{await stdout}\n{await stderr}");
        }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The scripted model, a data folder and short sandbox limits, as the app reads them from its environment.</summary>
    public static Dictionary<string, string> Environment(ScriptedOpenAiServer model, string dataDirectory) => new()
    {
        ["CODINGAGENT_DATA_DIR"] = dataDirectory,
        ["OPENAI_BASE_URL"] = model.BaseUrl,
        ["OPENAI_API_KEY"] = ScriptedOpenAiServer.ApiKey,
        ["OPENAI_MODEL"] = "scripted",
        ["Sandbox__ExecutionTimeoutSeconds"] = "20",
    };
}
