using CodingAgent.Sandbox;
using CodingAgent.Sandbox.Process;
using Microsoft.Extensions.Logging;

namespace CodingAgent.Tests.Sandbox;

public sealed class LauncherTests
{
    private sealed class RecordingLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    [Fact]
    public void Without_bubblewrap_the_sandbox_refuses_to_start_rather_than_run_unconfined()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SandboxOptions { BubblewrapPath = "/nonexistent/bwrap", WorkspaceRoot = Path.GetTempPath() });

        var error = Assert.Throws<InvalidOperationException>(() => new BubblewrapLauncher(options, new RecordingLogger<BubblewrapLauncher>()));

        Assert.Contains("bubblewrap was not found", error.Message);
        Assert.Contains("Sandbox:AllowUnconfined", error.Message);
    }

    [Fact]
    public void Allowing_unconfined_kernels_is_logged_as_a_warning()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SandboxOptions { BubblewrapPath = "/nonexistent/bwrap", AllowUnconfined = true, WorkspaceRoot = Path.GetTempPath() });
        var logger = new RecordingLogger<BubblewrapLauncher>();

        var launcher = new BubblewrapLauncher(options, logger);

        Assert.Equal("unconfined process", launcher.Name);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("UNCONFINED", StringComparison.Ordinal));
    }
}
