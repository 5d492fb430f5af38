using CodingAgent.Core.Ports;
using CodingAgent.Sandbox;
using Xunit.Abstractions;

namespace CodingAgent.Tests.Sandbox;

[Collection(HostMemoryCollection.Name)]
public sealed class ProcessWorkspaceAttackSuite(ProcessSandboxFixture sandbox, ITestOutputHelper output)
    : WorkspaceAttackSuite(sandbox, output), IClassFixture<ProcessSandboxFixture>;

[Collection(HostMemoryCollection.Name)]
public sealed class DockerWorkspaceAttackSuite(DockerSandboxFixture sandbox, ITestOutputHelper output)
    : WorkspaceAttackSuite(sandbox, output), IClassFixture<DockerSandboxFixture>;

/// <summary>
/// Attacks on what the host does inside a workspace (uploads, artifacts, quota accounting, deletion) and on the
/// kernel protocol, by code that leaves threads running and forges the kernel's messages; on every backend.
/// </summary>
public abstract class WorkspaceAttackSuite(SandboxFixture sandbox, ITestOutputHelper output)
{
    private const long Megabyte = HostMemoryProbe.Megabyte;

    protected SandboxFixture Sandbox { get; } = sandbox;

    private async Task<ExecutionResult> RunAsync(Guid session, string code, Action<OutputChunk>? onOutput = null, CancellationToken cancellationToken = default)
    {
        var kernel = await Sandbox.Pool.GetKernelAsync(session, CancellationToken.None);
        // a hang fails the test instead of blocking the run
        return await kernel.ExecuteAsync(code, onOutput, cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
    }

    private async Task AssertSandboxStillWorksAsync(Guid session)
    {
        var result = await RunAsync(session, "6 * 7");
        AssertOk(result);
        Assert.Equal("42", result.ResultText);
    }

    private static void AssertOk(ExecutionResult result) =>
        Assert.True(result.Succeeded, $"{result.Error?.Type}: {result.Error?.Message}\n{result.Error?.Traceback}\n{result.Stdout}\n{result.Stderr}");

    // ---------------------------------------------------------------- links swapped in while the host works

    [Fact]
    public async Task A_link_planted_during_an_upload_is_never_followed()
    {
        using var secret = HostSecret.Create(Sandbox.Root);
        var session = Guid.NewGuid();
        AssertOk(await RunAsync(session, LinkSwapAttack.Start("data.csv", secret.FilePath, "/proc/self/environ")));

        var placed = 0;
        var uploads = 0;
        // rounds of 30 uploads until the attack has swapped something (on a busy machine its thread may start late)
        for (var round = 0; round < 20 && (round == 0 || LinkSwapAttack.Swaps((await RunAsync(session, LinkSwapAttack.Peek)).ResultText) == 0); round++)
        {
            for (var i = 0; i < 30; i++, uploads++)
            {
                try
                {
                    await Sandbox.PutFileAsync(session, "data.csv", $"a,b\n{i},{i}\n");
                    placed++;
                }
                catch (WorkspaceConflictException)
                {
                    // the attack won every attempt of this one: refused, never followed
                }
            }
        }
        var stop = await RunAsync(session, LinkSwapAttack.Stop);

        AssertOk(stop);
        Assert.True(LinkSwapAttack.Swaps(stop.ResultText) > 0, "the attack never swapped an entry for a link");
        output.WriteLine($"{placed} of {uploads} uploads placed, {stop.ResultText} entries swapped for links");
        secret.AssertUnchanged();
        secret.AssertNotInFilesOf(Sandbox.WorkspacePath(session));
        // with the attack over, an upload lands as written
        await Sandbox.PutFileAsync(session, "data.csv", "final\n");
        var read = await RunAsync(session, "import os\n(os.path.islink('data.csv'), open('data.csv').read())");
        Assert.Equal("(False, 'final\\n')", read.ResultText);
    }

    [Fact]
    public async Task Chmod_and_chown_never_reach_a_host_file_through_a_planted_link()
    {
        using var secret = HostSecret.Create(Sandbox.Root);
        var session = Guid.NewGuid();
        // links at the upload's name, at a folder's name and at every name the host creates (its temporary files)
        AssertOk(await RunAsync(session, $$"""
            import os
            os.symlink("{{secret.FilePath}}", "data.csv")
            os.symlink("{{secret.Folder}}", "folder")
            """ + "\n" + LinkSwapAttack.Start("data.csv", secret.FilePath, secret.Folder)));
        for (var i = 0; i < 30; i++)
        {
            try
            {
                await Sandbox.PutFileAsync(session, "data.csv", "a,b\n1,2\n");
            }
            catch (WorkspaceConflictException)
            {
                // refused, never followed
            }
        }
        var stop = await RunAsync(session, LinkSwapAttack.Stop);
        Assert.True(LinkSwapAttack.Swaps(stop.ResultText) > 0, "the attack never swapped an entry for a link");

        // a fresh kernel gets the workspace handed to its uid: links are chowned themselves, never their targets
        await Sandbox.Pool.EvictIdleAsync(TimeSpan.Zero);
        var fresh = await RunAsync(session, "import os\nos.path.islink('folder')");

        Assert.Equal("True", fresh.ResultText);
        secret.AssertUnchanged();
    }

    // ---------------------------------------------------------------- forged artifacts

    [Fact]
    public async Task A_fifo_or_socket_announced_as_a_file_artifact_is_refused_without_blocking()
    {
        var session = Guid.NewGuid();
        var result = await RunAsync(session, KernelProtocolForgery.Prelude + """
            import os, socket
            os.mkfifo("pipe.csv")
            server = socket.socket(socket.AF_UNIX)
            server.bind("sock.csv")
            os.makedirs("folder")
            os.symlink("/etc", "etc-link")
            for path in ["pipe.csv", "sock.csv", "folder", "etc-link/passwd", "folder/../../etc/passwd", "/etc/passwd"]:
                forge(type="artifact", kind="file", name=os.path.basename(path), path=path, mediaType="text/csv")
            "forged"
            """);

        AssertOk(result);
        Assert.Empty(result.Artifacts);
        Assert.Contains("[sandbox] an output could not be collected: pipe.csv was refused: it is not a regular file", result.Stderr);
        Assert.Contains("sock.csv was refused: it is a socket", result.Stderr);
        Assert.Contains("folder was refused: it is not a regular file", result.Stderr);
        Assert.Contains("passwd was refused: a folder on its path is a link or not a folder", result.Stderr);
        Assert.Contains("passwd was refused: it is not a plain path inside the workspace", result.Stderr);
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task A_cancelled_execution_that_announced_a_fifo_is_freed()
    {
        var session = Guid.NewGuid();
        using var cancel = new CancellationTokenSource();
        var result = await RunAsync(session, KernelProtocolForgery.Prelude + """
            import os, time
            os.mkfifo("late.csv")
            forge(type="artifact", kind="file", name="late.csv", path="late.csv", mediaType="text/csv")
            print("forged", flush=True)
            time.sleep(60)
            """, chunk =>
            {
                if (chunk.Text.Contains("forged", StringComparison.Ordinal))
                {
                    _ = Task.Run(cancel.Cancel);
                }
            }, cancel.Token);

        Assert.Equal("KeyboardInterrupt", result.Error?.Type);
        Assert.Contains("late.csv was refused", result.Stderr);
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task A_flood_of_forged_chart_artifacts_is_cut_at_the_budget_and_the_host_memory_stays_bounded()
    {
        var session = Guid.NewGuid();
        AssertOk(await RunAsync(session, "1"));
        var budget = Sandbox.Options.MaxArtifactMbPerExecution * Megabyte;
        var memory = HostMemoryProbe.Start();

        // 2,000 charts of 4 MB each (8 GB) through the kernel's own writer
        var result = await RunAsync(session, KernelProtocolForgery.Prelude + """
            import json
            line = (json.dumps({"type": "artifact", "id": _kernel.pump.exec_id, "kind": "chart", "name": "flood.json",
                                "data": {"data": [{"y": "A" * (4 * 1024 * 1024 - 200)}]}}) + "\n").encode()
            for _ in range(2000):
                _kernel._outq.put(line)
            """);
        var figures = await memory.StopAsync();

        output.WriteLine(figures.ToString());
        Assert.True(result.Artifacts.Sum(a => (long)a.Content.Length) <= budget);
        Assert.Equal("KernelDied", result.Error?.Type);
        Assert.Contains("Sandbox:MaxArtifactMbPerExecution", result.Error!.Message);
        Assert.True(figures.PeakManagedGrowth < 3 * budget, figures.ToString());
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task Artifacts_past_the_budget_are_dropped_with_a_notice_naming_the_limit()
    {
        var session = Guid.NewGuid();
        var budgetMb = Sandbox.Options.MaxArtifactMbPerExecution;

        // 11 tables of 3 MB: 33 MB, past the 32 MB budget but within the budget plus twice the output cap
        var result = await RunAsync(session, KernelProtocolForgery.Prelude + """
            for i in range(11):
                forge(type="artifact", kind="table", name=f"t{i}.json", data={"columns": [], "rowCount": 0, "rows": [], "pad": "B" * (3 * 1024 * 1024)})
            "sent"
            """);

        AssertOk(result);
        Assert.Equal(10, result.Artifacts.Count);
        Assert.True(result.Artifacts.Sum(a => (long)a.Content.Length) <= budgetMb * Megabyte);
        Assert.Contains($"[sandbox] the outputs of this execution exceeded {budgetMb} MB (Sandbox:MaxArtifactMbPerExecution); the rest were dropped", result.Stderr);
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task Workspace_files_named_as_artifacts_count_against_the_output_budget()
    {
        var session = Guid.NewGuid();
        var budgetMb = Sandbox.Options.MaxArtifactMbPerExecution;

        // sparse files take no disk, so neither the quota nor the file-size limit stops them; a line naming one is tiny
        var result = await RunAsync(session, KernelProtocolForgery.Prelude + $$"""
            import os
            for i in range(4):
                with open(f"sparse{i}.bin", "wb") as f:
                    f.truncate({{budgetMb / 2 + 1}} * 1024 * 1024)
            for _ in range(50):
                for i in range(4):
                    forge(type="artifact", kind="file", name=f"sparse{i}.bin", path=f"sparse{i}.bin", mediaType="application/octet-stream")
            "sent"
            """);

        AssertOk(result);
        // each file once, and no more than the budget in all: one half-budget file fits, the next no longer does
        Assert.True(result.Artifacts.Sum(a => (long)a.Content.Length) <= budgetMb * Megabyte, $"{result.Artifacts.Sum(a => (long)a.Content.Length) / Megabyte} MB kept");
        Assert.Equal(result.Artifacts.Select(a => a.Name).Distinct().Count(), result.Artifacts.Count);
        Assert.Contains("Sandbox:MaxArtifactMbPerExecution", result.Stderr);
        await AssertSandboxStillWorksAsync(session);
    }

    [Fact]
    public async Task A_kernel_flooding_messages_for_other_executions_is_stopped()
    {
        var session = Guid.NewGuid();
        var result = await RunAsync(session, KernelProtocolForgery.Prelude + """
            import json
            line = (json.dumps({"type": "stream", "id": "not-this-execution", "name": "stdout", "text": "C" * (4 * 1024 * 1024)}) + "\n").encode()
            for _ in range(2000):
                _kernel._outq.put(line)
            """);

        Assert.Equal("KernelDied", result.Error?.Type);
        Assert.Contains("messages in one execution", result.Error!.Message);
        await AssertSandboxStillWorksAsync(session);
    }

    // ---------------------------------------------------------------- quota accounting and deletion

    [Fact]
    public async Task Quota_accounting_and_session_deletion_never_follow_a_link()
    {
        // a host folder with more in it than the workspace quota, outside any workspace
        var hostFolder = Path.Combine(Sandbox.Root, "host-folder-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(hostFolder);
        var big = Path.Combine(hostFolder, "big.bin");
        var size = (Sandbox.Options.WorkspaceQuotaMb + 16) * Megabyte;
        await using (var file = File.Create(big))
        {
            var block = new byte[Megabyte];
            Array.Fill(block, (byte)1);
            for (long written = 0; written < size; written += block.Length)
            {
                await file.WriteAsync(block);
            }
        }
        var session = Guid.NewGuid();

        // links to / and to the host folder, and 100 folders that keep turning into links to the host folder and back:
        // a folder when listed can be a link when opened, for a host that opens by name
        var result = await RunAsync(session, $$"""
            import os, time
            os.symlink("/", "root")
            os.symlink("{{hostFolder}}", "hostdir")
            names = [f"d{i}" for i in range(100)]
            for name in names:
                os.makedirs(name + "/inner")
                open(name + "/inner/small.txt", "w").write("x")
            swaps, until = 0, time.time() + 4
            while time.time() < until:
                for name in names:
                    os.rename(name, name + ".real")
                    os.symlink("{{hostFolder}}", name)
                for name in names:
                    os.unlink(name)
                    os.rename(name + ".real", name)
                swaps += 1
            swaps
            """);

        AssertOk(result);
        var kernel = (Kernel)await Sandbox.Pool.GetKernelAsync(session, CancellationToken.None);
        Assert.True(kernel.Workspace.MeasureUsage().AllocatedBytes < Megabyte);
        await Sandbox.Pool.RemoveSessionAsync(session, CancellationToken.None);
        Assert.False(Directory.Exists(Sandbox.WorkspacePath(session)));
        Assert.Equal(size, new FileInfo(big).Length);
        Assert.True(File.Exists("/etc/hostname") || File.Exists("/etc/passwd"));
    }
}
