using System.Net;
using System.Net.Sockets;
using System.Text;
using CodingAgent.Core.Ports;

namespace CodingAgent.Tests.Sandbox;

public sealed class ProcessSandboxSuite(ProcessSandboxFixture sandbox) : SandboxSuite(sandbox), IClassFixture<ProcessSandboxFixture>;

public sealed class DockerSandboxSuite(DockerSandboxFixture sandbox) : SandboxSuite(sandbox), IClassFixture<DockerSandboxFixture>
{
    [Fact]
    public async Task Evicted_and_removed_sessions_leave_no_container_behind()
    {
        var session = Guid.NewGuid();
        await AssertSandboxStillWorksAsync(session);
        Assert.NotEmpty(await DockerCli.ContainersAsync(sandbox.Options.InstanceName));

        await Sandbox.Pool.EvictIdleAsync(TimeSpan.Zero);
        await Sandbox.Pool.RemoveSessionAsync(session, CancellationToken.None);

        Assert.Empty(await DockerCli.ContainersAsync(sandbox.Options.InstanceName));
    }

    [Fact]
    public async Task The_container_runs_without_network_capabilities_or_a_writable_root()
    {
        var result = await RunAsync("""
            import os
            print("uid", os.getuid())
            print("caps", [l for l in open("/proc/self/status") if l.startswith("CapEff")][0].split()[1])
            print("nnp", [l for l in open("/proc/self/status") if l.startswith("NoNewPrivs")][0].split()[1])
            try:
                open("/etc/evil", "w")
            except OSError as e:
                print("root", e.errno)
            """);
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.DoesNotContain("uid 0", result.Stdout);
        Assert.Contains("caps 0000000000000000", result.Stdout);
        Assert.Contains("nnp 1", result.Stdout);
        Assert.Contains("root 30", result.Stdout);
    }
}

internal static class DockerCli
{
    /// <summary>The ids of the containers (running or not) labelled <paramref name="label"/>=<paramref name="instance"/>.</summary>
    public static async Task<List<string>> ContainersAsync(string instance, string label = "codingagent.sandbox")
    {
        using var docker = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", $"ps -aq --filter label={label}={instance}") { RedirectStandardOutput = true })!;
        var output = await docker.StandardOutput.ReadToEndAsync();
        await docker.WaitForExitAsync();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}

/// <summary>
/// The same behaviour and attack cases against every backend. Code from the model is hostile: each attack asserts
/// that it failed, and that the sandbox (and other sessions) still work afterwards. A new case is one small method.
/// </summary>
public abstract class SandboxSuite(SandboxFixture sandbox) : SandboxTests(sandbox)
{
    // ---------------------------------------------------------------- behaviour

    [Fact]
    public async Task State_is_kept_between_executions()
    {
        var session = Guid.NewGuid();
        AssertOk(await RunAsync(session, "x = 20"));
        var result = await RunAsync(session, "x * 2 + 2");
        AssertOk(result);
        Assert.Equal("42", result.ResultText);
    }

    [Fact]
    public async Task Inspecting_lists_variables_and_a_busy_kernel_gives_its_last_list_marked_stale()
    {
        var session = Guid.NewGuid();
        AssertOk(await RunAsync(session, "df = pd.DataFrame({'a': [1, 2, 3]})"));
        var kernel = Assert.IsAssignableFrom<IKernel>(Sandbox.Pool.FindKernel(session));
        var idle = await kernel.InspectAsync(CancellationToken.None);
        Assert.False(idle.IsStale);
        var df = Assert.Single(idle.Items, v => v.Name == "df");
        Assert.Equal("DataFrame", df.Type);
        Assert.Equal([3L, 1L], df.Shape);
        Assert.Null(Sandbox.Pool.FindKernel(Guid.NewGuid()));

        // while code runs, the kernel is not asked: the last list comes back, marked stale
        var released = Path.Combine(Sandbox.Options.WorkspaceRoot, session.ToString("N"), "release-inspect");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = RunAsync(session, """
            import os, time
            late = 1
            print('first', flush=True)
            for _ in range(600):
                if os.path.exists('release-inspect'):
                    break
                time.sleep(0.05)
            """, chunk =>
            {
                if (chunk.Text.Contains("first", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
            });
        await started.Task;
        var busy = await kernel.InspectAsync(CancellationToken.None);
        await File.WriteAllTextAsync(released, "");
        AssertOk(await running);
        Assert.True(busy.IsStale);
        Assert.Contains(busy.Items, v => v.Name == "df");
        Assert.DoesNotContain(busy.Items, v => v.Name == "late");
        Assert.Contains((await kernel.InspectAsync(CancellationToken.None)).Items, v => v.Name == "late");
    }

    [Fact]
    public async Task A_forged_variables_answer_is_bounded_data()
    {
        var session = Guid.NewGuid();
        AssertOk(await RunAsync(session, KernelProtocolForgery.Prelude + """
            def lie(request):
                item = {"name": "n" * 500, "type": "<b>t</b>", "shape": [1, 2, 3, 4, 5], "bytes": -1}
                _kernel.send({"type": "variables", "id": request["id"], "items": ["junk", 7] + [item] * 300})
            _kernel.inspect = lie
            """));

        var variables = await Sandbox.Pool.FindKernel(session)!.InspectAsync(CancellationToken.None);

        Assert.Equal(200, variables.Items.Count);
        Assert.True(variables.Truncated);
        var first = variables.Items[0];
        Assert.Equal(101, first.Name.Length);
        Assert.Equal("<b>t</b>", first.Type);
        Assert.Empty(first.Shape);
        Assert.Null(first.Bytes);
        AssertOk(await RunAsync(session, "1 + 1"));
    }

    [Fact]
    public async Task Output_is_streamed_while_the_code_runs()
    {
        // the code cannot finish until the test has seen its first line: order proves streaming, not timing
        var session = Guid.NewGuid();
        var released = Path.Combine(Sandbox.Options.WorkspaceRoot, session.ToString("N"), "release-marker");
        var result = await RunAsync(session, """
            import os, time
            print('first', flush=True)
            for _ in range(600):
                if os.path.exists('release-marker'):
                    print('released')
                    break
                time.sleep(0.05)
            """,
            chunk =>
            {
                if (chunk.Text.Contains("first", StringComparison.Ordinal))
                {
                    File.WriteAllText(released, "");
                }
            });
        AssertOk(result);
        Assert.Contains("released", result.Stdout);
    }

    [Fact]
    public async Task Rich_outputs_become_artifacts()
    {
        var result = await RunAsync("""
            import matplotlib.pyplot as plt
            fig = px.bar(x=["a", "b"], y=[1, 2], title="Bars")
            fig.show()
            plt.plot([1, 2, 3])
            pd.DataFrame({"x": [1, 2], "y": [None, 3.5]}).to_csv("out.csv", index=False)
            pd.DataFrame({"x": [1, 2], "y": [None, 3.5]})
            """);
        AssertOk(result);
        Assert.Equal(["chart", "file", "image", "table"], result.Artifacts.Select(a => a.Kind).Order());
        var table = Encoding.UTF8.GetString(result.Artifacts.Single(a => a.Kind == "table").Content);
        Assert.Contains("null", table);
        Assert.Equal("x,y\n1,\n2,3.5\n", Encoding.UTF8.GetString(result.Artifacts.Single(a => a.Kind == "file").Content));
        Assert.Equal(0x89, result.Artifacts.Single(a => a.Kind == "image").Content[0]);
    }

    [Fact]
    public async Task A_crashed_kernel_is_reported_and_replaced()
    {
        var session = Guid.NewGuid();
        var crash = await RunAsync(session, "import ctypes\nctypes.string_at(0)");
        Assert.False(crash.Succeeded);
        Assert.Equal("KernelDied", crash.Error!.Type);
        Assert.True(crash.KernelRestarted);
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task Uploaded_files_of_the_session_are_readable_and_writable_by_its_kernel()
    {
        var session = Guid.NewGuid();
        await Sandbox.PutFileAsync(session, "data.csv", "a,b\n1,2\n");
        var result = await RunAsync(session, "df = pd.read_csv('data.csv'); df['c'] = df.a + df.b; df.to_csv('data.csv', index=False); int(df.c[0])");
        AssertOk(result);
        Assert.Equal("3", result.ResultText);
    }

    // ---------------------------------------------------------------- attacks: files

    [Fact]
    public async Task Attack_read_host_secrets_app_files_and_other_sessions_fails()
    {
        var other = Guid.NewGuid();
        await Sandbox.PutFileAsync(other, "private.csv", "secret,data\n");
        var otherWorkspace = Sandbox.WorkspacePath(other);
        var appFile = Path.Combine(Sandbox.Root, "codingagent.db");
        await File.WriteAllTextAsync(appFile, "app database");

        var result = await RunAsync($$"""
            import os
            for path in ["/etc/shadow", "{{appFile}}", "{{otherWorkspace}}/private.csv", "/root", "{{AppContext.BaseDirectory}}", "/proc/1/root/etc/shadow"]:
                try:
                    if os.path.isdir(path):
                        print("LISTED", path, os.listdir(path))
                    else:
                        print("READ", path, open(path).read()[:20])
                except OSError as e:
                    print("denied", path, type(e).__name__)
            print("workspace", os.getcwd(), os.listdir("."))
            """);

        AssertOk(result);
        Assert.DoesNotContain("READ", result.Stdout);
        Assert.DoesNotContain("LISTED", result.Stdout);
        Assert.Equal(6, result.Stdout.Split('\n').Count(l => l.StartsWith("denied", StringComparison.Ordinal)));
        Assert.Contains("workspace /workspace []", result.Stdout);
    }

    [Fact]
    public async Task Attack_write_outside_the_workspace_fails()
    {
        var result = await RunAsync("""
            import os
            for path in ["/usr/evil", "/etc/evil", "/opt/codingagent/kernel.py", "/evil", "../evil", "/workspace/../evil"]:
                try:
                    with open(path, "w") as f:
                        f.write("x")
                    print("WROTE", path)
                except OSError as e:
                    print("denied", path, type(e).__name__)
            """);
        AssertOk(result);
        Assert.DoesNotContain("WROTE", result.Stdout);
        Assert.Equal(6, result.Stdout.Split('\n').Count(l => l.StartsWith("denied", StringComparison.Ordinal)));
        Assert.False(File.Exists("/evil"));
    }

    [Fact]
    public async Task Attack_symlinks_to_host_paths_are_never_returned()
    {
        var result = await RunAsync("""
            import os
            os.symlink("/etc/hostname", "leak.txt")
            os.symlink("/proc/self/environ", "env.txt")
            os.symlink("/", "rootdir")
            open("real.txt", "w").write("ok")
            """);
        AssertOk(result);
        Assert.Equal(["real.txt"], result.Artifacts.Select(a => a.Name));
    }

    [Fact]
    public async Task Attack_odd_file_names_written_by_code_are_sanitised()
    {
        var result = await RunAsync("""
            open("a..\\evil.csv", "w").write("a")
            open("x\nContent-Type: text-html.csv", "w").write("b")
            open("<script>.html", "w").write("c")
            """);
        AssertOk(result);
        Assert.Equal(3, result.Artifacts.Count);
        Assert.All(result.Artifacts, a => Assert.Matches("^[A-Za-z0-9._-]+$", a.Name));
        Assert.All(result.Artifacts, a => Assert.DoesNotContain("..", a.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attack_fill_the_disk_is_stopped_at_the_quota_and_the_session_recovers()
    {
        var session = Guid.NewGuid();
        var result = await RunAsync(session, """
            import os, time
            chunk = b"x" * (8 * 1024 * 1024)
            for i in range(1000):
                with open(f"fill-{i}.bin", "wb") as f:
                    f.write(chunk)
                time.sleep(0.05)
            """);
        Assert.False(result.Succeeded);
        Assert.True(result.Error!.Type is "DiskQuotaExceeded" or "OSError", result.Error.Type + ": " + result.Error.Message);
        Assert.True(Directory.GetFiles(Sandbox.WorkspacePath(session)).Sum(f => new FileInfo(f).Length) < 200L * 1024 * 1024);
        AssertOk(await RunAsync(session, "import glob, os\nfor f in glob.glob('fill-*'): os.remove(f)"));
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task Attack_one_huge_file_is_refused_by_the_file_size_limit()
    {
        var result = await RunAsync("""
            try:
                with open("huge.bin", "wb") as f:
                    f.write(b"x" * (60 * 1024 * 1024))
                print("WROTE")
            except OSError as e:
                print("refused", e.errno)
            """);
        AssertOk(result);
        Assert.Contains("refused 27", result.Stdout);
    }

    [Fact]
    public async Task Attack_fill_tmp_is_refused_by_the_tmpfs_size()
    {
        var result = await RunAsync("""
            written = 0
            try:
                with open("/tmp/fill.bin", "wb") as f:
                    for _ in range(100):
                        f.write(b"x" * (1024 * 1024))
                        f.flush()
                        written += 1
                print("WROTE", written)
            except OSError as e:
                print("refused after", written, "MB, errno", e.errno)
            """);
        AssertOk(result);
        Assert.Contains("refused after", result.Stdout);
    }

    [Fact]
    public async Task Attack_fill_dev_and_dev_shm_is_bounded()
    {
        // /dev and /dev/shm were unbounded tmpfs: 3 GB each could be written past a "2 GB" memory limit
        var result = await RunAsync("""
            import os
            for target in ("/dev/shm/fill.bin", "/dev/fill.bin"):
                written = 0
                try:
                    with open(target, "wb") as f:
                        for _ in range(100):
                            f.write(b"x" * (1024 * 1024))
                            f.flush()
                            written += 1
                    print(target, "WROTE", written)
                except OSError as e:
                    print(target, "refused after", written, "MB")
                try:
                    os.remove(target)
                except OSError:
                    pass
            import multiprocessing
            multiprocessing.Lock()
            print("semaphores work")
            """);
        AssertOk(result);
        Assert.Contains("/dev/shm/fill.bin refused after", result.Stdout);
        Assert.Contains("/dev/fill.bin refused after 0 MB", result.Stdout);
        Assert.Contains("semaphores work", result.Stdout);
        var written = int.Parse(result.Stdout.Split("/dev/shm/fill.bin refused after ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(written <= Sandbox.Options.ShmSizeMb, $"{written} MB written to /dev/shm, limit {Sandbox.Options.ShmSizeMb} MB");
    }

    // ---------------------------------------------------------------- attacks: environment and network

    [Fact]
    public async Task Attack_read_host_environment_variables_finds_nothing()
    {
        Assert.Equal(SandboxFixture.FakeSecret, Environment.GetEnvironmentVariable("CODINGAGENT_FAKE_SECRET"));
        var result = await RunAsync("""
            import os
            print(sorted(os.environ))
            print("\n".join(os.environ.values()))
            print(open("/proc/self/environ", "rb").read())
            try:
                print(open("/proc/1/environ", "rb").read())
            except OSError as e:
                print("pid1", type(e).__name__)
            """);
        AssertOk(result);
        Assert.DoesNotContain(SandboxFixture.FakeSecret, result.Stdout);
        Assert.DoesNotContain("CODINGAGENT_FAKE_SECRET", result.Stdout);
        Assert.DoesNotContain("OPENAI", result.Stdout);
        Assert.DoesNotContain("DOTNET", result.Stdout);
    }

    [Fact]
    public async Task Attack_reach_the_hosts_loopback_services_fails_and_there_is_no_route_or_resolver()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var result = await RunAsync($$"""
            import socket, os
            for host, port in [("127.0.0.1", {{port}}), ("localhost", {{port}}), ("127.0.0.1", 5000), ("::1", {{port}})]:
                try:
                    socket.create_connection((host, port), timeout=2)
                    print("CONNECTED", host, port)
                except OSError as e:
                    print("refused", host, type(e).__name__)
            print("interfaces", sorted(name for _, name in socket.if_nameindex()))
            print("routes", open("/proc/net/route").read().strip().splitlines()[1:])
            print("resolv", os.path.exists("/etc/resolv.conf") and open("/etc/resolv.conf").read().strip())
            """);
        AssertOk(result);
        Assert.DoesNotContain("CONNECTED", result.Stdout);
        Assert.Equal(4, result.Stdout.Split('\n').Count(l => l.StartsWith("refused", StringComparison.Ordinal)));
        Assert.Contains("interfaces ['lo']", result.Stdout);
        Assert.Contains("routes []", result.Stdout);
        Assert.Contains("resolv False", result.Stdout.Replace("resolv \n", "resolv False\n", StringComparison.Ordinal));
        Assert.False(listener.Pending());
    }

    // ---------------------------------------------------------------- attacks: processes and resources

    [Fact]
    public async Task Attack_fork_bomb_is_contained_and_the_host_is_unaffected()
    {
        var session = Guid.NewGuid();
        var result = await RunAsync(session, """
            import os, time
            children = []
            try:
                for _ in range(5000):
                    pid = os.fork()
                    if pid == 0:
                        time.sleep(20)
                        os._exit(0)
                    children.append(pid)
                print("FORKED ALL")
            except OSError as e:
                print("fork refused after", len(children), "errno", e.errno)
            for pid in children:
                os.kill(pid, 9)
            for pid in children:
                os.waitpid(pid, 0)
            """);
        AssertOk(result);
        Assert.DoesNotContain("FORKED ALL", result.Stdout);
        Assert.Contains("fork refused", result.Stdout);
        await AssertSandboxStillWorksAsync();
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task Attack_memory_bomb_fails_with_memory_error_and_the_kernel_survives()
    {
        var session = Guid.NewGuid();
        var result = await RunAsync(session, "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 1024 * 1024))");
        Assert.False(result.Succeeded);
        Assert.True(result.Error!.Type is "MemoryError" or "KernelDied", result.Error.Type);
        if (result.Error.Type == "MemoryError")
        {
            Assert.Contains($"{Sandbox.Options.MemoryLimitMb} MB of memory", result.Error.Message);
        }
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task Attack_kill_the_parent_and_every_visible_process_cannot_touch_the_host()
    {
        var session = Guid.NewGuid();
        var result = await RunAsync(session, """
            import os, signal
            print("pids", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
            for target in [os.getppid(), 1, -1]:
                try:
                    os.kill(target, signal.SIGKILL)
                except OSError as e:
                    print("kill", target, type(e).__name__)
            """);
        // whatever it killed was inside the sandbox: the test process lives, and the session gets a fresh kernel
        Assert.True(result.Succeeded || result.Error!.Type == "KernelDied", result.Error?.Type);
        await AssertSandboxStillWorksAsync(session);
        await AssertSandboxStillWorksAsync();
    }

    [Fact]
    public async Task Attack_ptrace_cannot_reach_host_processes()
    {
        var hostPid = Environment.ProcessId;
        var result = await RunAsync($$"""
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            PTRACE_ATTACH = 16
            visible = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
            print("visible", len(visible))
            for pid in [{{hostPid}}, 1, os.getppid()]:
                rc = libc.ptrace(PTRACE_ATTACH, pid, None, None)
                print("ptrace", pid, rc, ctypes.get_errno())
            """);
        AssertOk(result);
        Assert.DoesNotContain($"ptrace {hostPid} 0 ", result.Stdout);
        var visible = int.Parse(result.Stdout.Split('\n').First(l => l.StartsWith("visible", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(visible < 10, $"the sandbox sees {visible} processes; it should see only its own");
        await AssertSandboxStillWorksAsync();
    }

    [Fact]
    public async Task Attack_infinite_loop_is_stopped_at_the_time_limit_and_the_kernel_survives()
    {
        var session = Guid.NewGuid();
        AssertOk(await RunAsync(session, "kept = 'yes'"));
        var result = await RunAsync(session, "while True:\n    pass");
        Assert.False(result.Succeeded);
        Assert.Equal("TimeoutError", result.Error!.Type);
        Assert.Contains($"{Sandbox.Options.ExecutionTimeoutSeconds} s", result.Error.Message);
        Assert.False(result.KernelRestarted);
        Assert.Equal("'yes'", (await RunAsync(session, "kept")).ResultText);
    }

    [Fact]
    public async Task Attack_code_that_ignores_interrupts_is_killed_and_the_next_execution_gets_a_fresh_kernel()
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
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task Attack_a_killed_kernel_leaves_none_of_its_processes_behind()
    {
        var marker = "codingagent-orphan-" + Guid.NewGuid().ToString("N");
        var result = await RunAsync($$"""
            import signal, subprocess, time
            subprocess.Popen(["/usr/bin/python3", "-c", "import time, sys; time.sleep(600)", "{{marker}}"], start_new_session=True)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            while True:
                time.sleep(0.1)
            """);
        Assert.True(result.KernelRestarted);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (HostProcessesWith(marker) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "a process the kernel started survived the kernel");
            await Task.Delay(100);
        }
    }

    private static int HostProcessesWith(string marker) =>
        Directory.EnumerateDirectories("/proc").Count(directory =>
        {
            try
            {
                return Path.GetFileName(directory).All(char.IsDigit) && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(marker, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    [Fact]
    public async Task Attack_100_MB_of_stdout_is_truncated_at_the_output_cap()
    {
        var session = Guid.NewGuid();
        var result = await RunAsync(session, "import sys\nline = 'x' * 1023 + '\\n'\nfor _ in range(100 * 1024):\n    sys.stdout.write(line)");
        AssertOk(result);
        Assert.True(result.OutputTruncated);
        Assert.True(result.Stdout.Length <= Sandbox.Options.OutputCapBytes, $"{result.Stdout.Length} chars of stdout were kept");
        Assert.Contains("output truncated", result.Stderr);
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task Attack_an_endless_message_on_the_protocol_channel_gets_the_kernel_killed_not_the_host_flooded()
    {
        var session = Guid.NewGuid();
        // user code reaches the kernel's own protocol writer (as any code in the process can) and floods it
        var result = await RunAsync(session, """
            import gc
            kernel = next(o for o in gc.get_objects() if type(o).__name__ == "Kernel" and hasattr(o, "_outq"))
            for _ in range(64):
                kernel._outq.put(b"A" * (1024 * 1024))
            import time
            time.sleep(10)
            """);
        Assert.False(result.Succeeded);
        Assert.Equal("KernelDied", result.Error!.Type);
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task Attack_pickle_payload_runs_only_inside_the_sandbox()
    {
        var marker = Path.Combine(Path.GetTempPath(), "codingagent-pwned-" + Guid.NewGuid().ToString("N"));
        var session = Guid.NewGuid();
        // pickle protocol 0 for: os.system("touch <marker>")
        var payload = $"cos\nsystem\n(V{"touch " + marker}\ntR.";
        await Sandbox.PutFileAsync(session, "model.pkl", payload);

        var result = await RunAsync(session, $"import pickle, os\npickle.load(open('model.pkl', 'rb'))\nprint(os.path.exists('{marker}'))");

        AssertOk(result);
        Assert.Contains("True", result.Stdout);
        Assert.False(File.Exists(marker), "the payload ran on the host");
    }
}
