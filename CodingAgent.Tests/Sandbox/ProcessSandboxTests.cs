using System.Net;
using System.Net.Sockets;
using System.Text;
using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Sandbox;

public sealed class ProcessSandboxTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private async Task<ExecutionResult> RunAsync(Guid session, string code, Action<OutputChunk>? onOutput = null)
    {
        var kernel = await sandbox.Pool.GetKernelAsync(session, CancellationToken.None);
        return await kernel.ExecuteAsync(code, onOutput, CancellationToken.None);
    }

    [Fact]
    public async Task State_is_kept_between_executions()
    {
        var session = Guid.NewGuid();
        Assert.True((await RunAsync(session, "x = 20")).Succeeded);
        var result = await RunAsync(session, "x * 2 + 2");
        Assert.True(result.Succeeded);
        Assert.Equal("42", result.ResultText);
    }

    [Fact]
    public async Task Network_is_refused_even_to_a_listener_on_the_hosts_loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var result = await RunAsync(Guid.NewGuid(), $$"""
            import socket
            try:
                socket.create_connection(("127.0.0.1", {{port}}), timeout=2)
                print("CONNECTED")
            except OSError as e:
                print("refused", type(e).__name__)
            print("interfaces", [name for _, name in socket.if_nameindex()])
            print("routes", open("/proc/net/route").read().strip().splitlines()[1:])
            import os
            print("resolv", os.path.exists("/etc/resolv.conf"))
            """);
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.DoesNotContain("CONNECTED", result.Stdout);
        Assert.Contains("refused", result.Stdout);
        Assert.Contains("interfaces ['lo']", result.Stdout);
        Assert.Contains("routes []", result.Stdout);
        Assert.Contains("resolv False", result.Stdout);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task Files_outside_the_workspace_are_unreadable()
    {
        var other = Guid.NewGuid();
        var otherWorkspace = sandbox.Pool.GetWorkspaceDirectory(other);
        await File.WriteAllTextAsync(Path.Combine(otherWorkspace, "private.csv"), "secret,data\n");
        var appFile = Path.Combine(sandbox.Root, "app-secret.txt");
        await File.WriteAllTextAsync(appFile, "app secret");

        var result = await RunAsync(Guid.NewGuid(), $$"""
            import os
            for path in ["/etc/shadow", "/etc/passwd", "{{appFile}}", "{{otherWorkspace}}/private.csv", "/root", "{{Environment.CurrentDirectory}}"]:
                try:
                    if os.path.isdir(path):
                        print("LISTED", path, os.listdir(path))
                    else:
                        print("READ", path, open(path).read()[:20])
                except OSError as e:
                    print("denied", path, type(e).__name__)
            print("workspace", os.getcwd(), os.listdir("."))
            """);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.DoesNotContain("READ", result.Stdout);
        Assert.DoesNotContain("LISTED", result.Stdout);
        Assert.Equal(6, result.Stdout.Split('\n').Count(l => l.StartsWith("denied", StringComparison.Ordinal)));
        Assert.Contains("workspace /workspace []", result.Stdout);
    }

    [Fact]
    public async Task Host_environment_variables_are_absent()
    {
        Assert.Equal(SandboxFixture.FakeSecret, Environment.GetEnvironmentVariable("CODINGAGENT_FAKE_SECRET"));
        var result = await RunAsync(Guid.NewGuid(), """
            import os
            print(sorted(os.environ))
            print("\n".join(os.environ.values()))
            """);
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.DoesNotContain(SandboxFixture.FakeSecret, result.Stdout);
        Assert.DoesNotContain("CODINGAGENT_FAKE_SECRET", result.Stdout);
        Assert.DoesNotContain("OPENAI", result.Stdout);
        Assert.DoesNotContain("DOTNET", result.Stdout);
    }

    [Fact]
    public async Task An_infinite_loop_is_stopped_at_the_time_limit_and_the_kernel_survives()
    {
        var session = Guid.NewGuid();
        await RunAsync(session, "kept = 'yes'");
        var result = await RunAsync(session, "while True:\n    pass");
        Assert.False(result.Succeeded);
        Assert.Equal("TimeoutError", result.Error!.Type);
        Assert.Contains("4 s", result.Error.Message);
        Assert.False(result.KernelRestarted);
        var after = await RunAsync(session, "kept");
        Assert.Equal("'yes'", after.ResultText);
    }

    [Fact]
    public async Task Code_that_ignores_interrupts_is_killed_and_the_next_execution_gets_a_fresh_kernel()
    {
        var session = Guid.NewGuid();
        var result = await RunAsync(session, """
            import signal, time
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            while True:
                time.sleep(0.1)
            """);
        Assert.False(result.Succeeded);
        Assert.True(result.KernelRestarted);
        var next = await RunAsync(session, "1 + 1");
        Assert.Equal("2", next.ResultText);
    }

    [Fact]
    public async Task Output_is_streamed_while_the_code_runs()
    {
        var chunks = new List<(DateTime At, string Text)>();
        var result = await RunAsync(Guid.NewGuid(), "import time\nprint('first', flush=True)\ntime.sleep(1.5)\nprint('second')",
            chunk => chunks.Add((DateTime.UtcNow, chunk.Text)));
        Assert.True(result.Succeeded);
        var first = chunks.First(c => c.Text.Contains("first", StringComparison.Ordinal));
        var second = chunks.First(c => c.Text.Contains("second", StringComparison.Ordinal));
        Assert.True(second.At - first.At > TimeSpan.FromSeconds(1), "stdout arrived only at the end");
    }

    [Fact]
    public async Task Rich_outputs_become_artifacts()
    {
        var result = await RunAsync(Guid.NewGuid(), """
            import matplotlib.pyplot as plt
            fig = px.bar(x=["a", "b"], y=[1, 2], title="Bars")
            fig.show()
            plt.plot([1, 2, 3])
            pd.DataFrame({"x": [1, 2], "y": [None, 3.5]}).to_csv("out.csv", index=False)
            pd.DataFrame({"x": [1, 2], "y": [None, 3.5]})
            """);
        Assert.True(result.Succeeded, result.Error?.Message + result.Error?.Traceback);
        Assert.Equal(["chart", "file", "image", "table"], result.Artifacts.Select(a => a.Kind).Order());
        var table = Encoding.UTF8.GetString(result.Artifacts.Single(a => a.Kind == "table").Content);
        Assert.Contains("null", table);
        Assert.Equal("x,y\n1,\n2,3.5\n", Encoding.UTF8.GetString(result.Artifacts.Single(a => a.Kind == "file").Content));
        Assert.Equal(0x89, result.Artifacts.Single(a => a.Kind == "image").Content[0]);
    }

    [Fact]
    public async Task A_symlink_to_a_host_file_is_never_returned_as_a_file_artifact()
    {
        var result = await RunAsync(Guid.NewGuid(), """
            import os
            os.symlink("/etc/hostname", "leak.txt")
            os.symlink("/proc/self/environ", "env.txt")
            open("real.txt", "w").write("ok")
            """);
        Assert.True(result.Succeeded);
        Assert.Equal(["real.txt"], result.Artifacts.Select(a => a.Name));
    }
}
