using System.Diagnostics;
using CodingAgent.Sandbox.Cgroups;

namespace CodingAgent.Sandbox.Process;

/// <summary>A kernel started as a child process (under bubblewrap, or unconfined in development).</summary>
internal sealed class ProcessTransport : IKernelTransport
{
    private readonly System.Diagnostics.Process _process;
    private readonly DiagnosticLines _diagnostics = new();
    private readonly bool _killTree;
    private readonly int? _sandboxUid;
    private readonly KernelProcesses? _processes;
    private int _swept;

    /// <param name="killTree">
    /// Kill every descendant too (unconfined kernels). A bubblewrap sandbox dies with its outer process and that one's
    /// children (<see cref="BubblewrapKill"/>: the sandbox's first process, whose pid namespace goes with it), so only
    /// those are killed: walking the process table further would race with pids that sandbox processes freed and new
    /// kernels took.
    /// </param>
    /// <param name="sandboxUid">
    /// The host uid that belongs to this kernel alone: killing sweeps every process of that uid too, so nothing the
    /// code started can outlive the kernel (or meet the next kernel that is given the uid).
    /// </param>
    /// <param name="cgroup">The kernel's own cgroup, which <paramref name="startInfo"/> joins before it runs; removed on dispose.</param>
    public ProcessTransport(ProcessStartInfo startInfo, bool killTree, int? sandboxUid = null, Cgroup? cgroup = null)
    {
        _killTree = killTree;
        _sandboxUid = sandboxUid;
        _processes = cgroup is null ? null : new KernelProcesses(cgroup);
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        _process = new System.Diagnostics.Process { StartInfo = startInfo, EnableRaisingEvents = true };
        ProcessSpawner.Start(_process);
        var diagnostics = Task.Run(() => ReadDiagnosticsAsync(_process.StandardError.BaseStream));
        Exited = EndAsync(_process.WaitForExitAsync(), diagnostics);
    }

    /// <summary>How long stderr may stay open once the process has exited and whatever was left of it has been killed.</summary>
    private static readonly TimeSpan _diagnosticsGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Completes once the process has exited and its stderr has ended. What is left of a sandbox whose outer process
    /// exited (a bubblewrap process whose parent died while it was being set up, code that escaped its pid namespace:
    /// nothing of the kernel's own) is killed at once through its cgroup; stderr is waited for only so long after that,
    /// should something outside every cgroup still hold it.
    /// </summary>
    private async Task EndAsync(Task exit, Task diagnostics)
    {
        await exit.ConfigureAwait(false);
        _processes?.Cgroup.KillAll();
        await Task.WhenAny(diagnostics, Task.Delay(_diagnosticsGrace)).ConfigureAwait(false);
    }

    /// <summary>Keeps what <see cref="DiagnosticLines"/> keeps of stderr.</summary>
    private async Task ReadDiagnosticsAsync(Stream stderr)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stderr.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                _diagnostics.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // the pipe broke as the process was killed, or the transport was disposed while something still held it
        }
        _diagnostics.Complete();
    }

    /// <summary>The last non-empty line the process wrote to stderr (cut at <see cref="DiagnosticLines.MaxLineChars"/>), or null.</summary>
    public string? LastDiagnosticLine => _diagnostics.LastLine;

    /// <summary>The exit code of the process once it has exited (128 + the signal when a signal killed it), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    public Task Exited { get; }

    public int ProcessId => _process.Id;

    public IKernelProcesses? Processes => _processes;

    public string DescribeExit()
    {
        var diagnostics = _diagnostics.Text;
        var state = _process.HasExited
            ? _process.ExitCode > 128 ? $"killed by signal {_process.ExitCode - 128}" : $"exit code {_process.ExitCode}"
            : "still running";
        return diagnostics.Length > 0 ? $"{state}: {diagnostics}" : state;
    }

    public void Kill()
    {
        try
        {
            if (_killTree)
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
            else
            {
                BubblewrapKill.Kill(_process);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        // whatever else runs in the sandbox's cgroup (forked while the outer process was being stopped, or orphaned before)
        _processes?.Cgroup.KillAll();
        // Kill runs again on dispose after a timeout kill; one sweep is enough, nothing new runs as the uid after it
        if (_sandboxUid is { } uid && Interlocked.Exchange(ref _swept, 1) == 0)
        {
            KillEveryProcessOf(uid);
        }
    }

    /// <summary>kill(-1, SIGKILL) as the uid itself: the kernel picks exactly that uid's processes, with no pid races.</summary>
    private static void KillEveryProcessOf(int uid)
    {
        var id = uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("/usr/bin/setpriv") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment.Clear();
        foreach (var argument in new[] { $"--reuid={id}", $"--regid={id}", "--clear-groups", "--", "/usr/bin/kill", "-s", "KILL", "-1" })
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var sweep = System.Diagnostics.Process.Start(start);
            sweep?.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // setpriv or kill missing: the bubblewrap launcher requires setpriv before it assigns uids
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.WhenAny(Exited, Task.Delay(2000)).ConfigureAwait(false);
        _process.Dispose();
        if (_processes is not null)
        {
            // the sandbox is gone with its outer process; anything left in the cgroup is killed before it is removed
            await _processes.Cgroup.RemoveAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
