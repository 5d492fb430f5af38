using System.Diagnostics;
using CodingAgent.Sandbox.Process;
using CodingAgent.Tests.Sandbox.Profiling;

namespace CodingAgent.Tests.Sandbox;

/// <summary>
/// Killing a bubblewrap sandbox through its outer process, at any stage of its life. bubblewrap's inner process binds
/// its life to the outer one's only once the outer has set it up; one killed before that stayed forever, holding the
/// sandbox's stdout (a profile read from it waited for its end while the app stopped, the CI hang of 2026-11-27).
/// </summary>
public sealed class BubblewrapKillTests
{
    private static readonly TimeSpan _hangGuard = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Killing_a_sandbox_still_being_set_up_kills_its_inner_process_and_ends_its_output()
    {
        var token = "codingagent-setup-" + Guid.NewGuid().ToString("N");
        // --block-fd 0: the inner process waits in its setup for a byte on stdin (which never comes), before it binds
        // its life to the outer process, as it waits for the outer one's word in every start
        var start = new ProcessStartInfo("/usr/bin/bwrap");
        foreach (var argument in new[] { "--unshare-pid", "--unshare-net", "--die-with-parent", "--block-fd", "0", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--setenv", "MARKER", token, "--", "/bin/true" })
        {
            start.ArgumentList.Add(argument);
        }
        var transport = new ProcessTransport(start, killTree: false);
        try
        {
            // the outer process and the inner one it cloned, both with the token on their command line
            await UntilAsync(() => ProfilerHarness.ProcessesWith(token).Count == 2 || transport.Exited.IsCompleted);
            Assert.False(transport.Exited.IsCompleted, "bubblewrap ended before its inner process was seen: " + transport.DescribeExit());

            transport.Kill();

            var buffer = new byte[64];
            Assert.Equal(0, await transport.Output.ReadAsync(buffer).AsTask().WaitAsync(_hangGuard));
            await transport.Exited.WaitAsync(_hangGuard);
            await UntilAsync(() => ProfilerHarness.ProcessesWith(token).Count == 0);
        }
        finally
        {
            foreach (var pid in ProfilerHarness.ProcessesWith(token))
            {
                Process.GetProcessById(pid).Kill();
            }
            await transport.DisposeAsync();
        }
    }

    [Fact]
    public async Task Killing_a_running_sandbox_kills_everything_in_its_pid_namespace()
    {
        var token = "codingagent-running-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("/usr/bin/bwrap");
        foreach (var argument in new[] { "--unshare-pid", "--unshare-net", "--die-with-parent", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "--", "/bin/sh", "-c", $"{Sleeper(token)} & {Sleeper(token)} & echo started; wait" })
        {
            start.ArgumentList.Add(argument);
        }
        var transport = new ProcessTransport(start, killTree: false);
        try
        {
            var buffer = new byte[64];
            Assert.True(await transport.Output.ReadAsync(buffer) > 0);
            await UntilAsync(() => SleepersWith(token) == 2);

            transport.Kill();

            while (await transport.Output.ReadAsync(buffer).AsTask().WaitAsync(_hangGuard) > 0)
            {
            }
            await transport.Exited.WaitAsync(_hangGuard);
            await UntilAsync(() => ProfilerHarness.ProcessesWith(token).Count == 0);
            Assert.Equal(128 + 9, transport.ExitCode);
        }
        finally
        {
            foreach (var pid in ProfilerHarness.ProcessesWith(token))
            {
                Process.GetProcessById(pid).Kill();
            }
            await transport.DisposeAsync();
        }
    }

    private static string Sleeper(string token) => $"/usr/bin/python3 -c 'import time; time.sleep(3600)' {token}";

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test when it has not after <see cref="_hangGuard"/>.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(_hangGuard);
        while (!condition())
        {
            await Task.Delay(10, guard.Token);
        }
    }

    /// <summary>The sleepers with the token (bubblewrap and the shell have it too, in the script).</summary>
    private static int SleepersWith(string token) =>
        ProfilerHarness.ProcessesWith(token).Count(p => File.ReadAllText($"/proc/{p}/cmdline").StartsWith("/usr/bin/python3\0", StringComparison.Ordinal));

}
