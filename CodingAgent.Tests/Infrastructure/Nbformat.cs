using System.Diagnostics;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>Validates a notebook file with Debian's python3-nbformat (the reference implementation of the format's schema).</summary>
public static class Nbformat
{
    /// <summary>Asserts that <paramref name="path"/> reads as nbformat 4 and passes <c>nbformat.validate</c> without a warning.</summary>
    public static async Task AssertValidAsync(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            // -W error: nbformat only warns about some faults (a cell without an id) and repairs them while reading
            ArgumentList = { "-W", "error", "-c", "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, "nbformat.validate refused the notebook: " + await errors);
    }
}
