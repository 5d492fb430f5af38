using CodingAgent.Sandbox.Cgroups;

namespace CodingAgent.Sandbox.Process;

/// <summary>
/// Kills a bubblewrap sandbox through its outer process, whichever stage it is in. bubblewrap's outer process clones
/// the sandbox's first process, which binds its life to the outer one's (<c>--die-with-parent</c>) only once the outer
/// has finished setting it up and told it to go on: an outer process killed before that leaves the inner one waiting
/// forever for that word, holding the sandbox's stdout and stderr (so its reader never sees their end). So the outer
/// process is stopped first (it can clone nothing more and reap nothing: the pids of its children stay theirs), its
/// children — the sandbox's first process, whose death takes the whole pid namespace with it — are killed, then the
/// outer process itself.
/// </summary>
internal static class BubblewrapKill
{
    /// <summary>How long the outer process is given to stop before its children are looked for all the same.</summary>
    private static readonly TimeSpan _stopWait = TimeSpan.FromSeconds(1);

    /// <summary>Kills <paramref name="outer"/> and its children (nothing when it had exited already).</summary>
    public static void Kill(System.Diagnostics.Process outer)
    {
        int pid;
        try
        {
            if (outer.HasExited)
            {
                return;
            }
            pid = outer.Id;
        }
        catch (InvalidOperationException)
        {
            return;
        }
        int pidFd;
        try
        {
            pidFd = LibC.PidFdOpen(pid, 0);
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.36: the outer process alone, as before (its cgroup, where there is one, takes the rest)
            outer.Kill();
            return;
        }
        if (pidFd < 0)
        {
            return;
        }
        try
        {
            // the descriptor was opened while the process had not been reaped: it names that process, not a later one with its pid
            if (outer.HasExited)
            {
                return;
            }
            LibC.PidFdSendSignal(pidFd, LibC.SigStop, IntPtr.Zero, 0);
            WaitUntilStopped(pid);
            foreach (var child in ProcFs.ChildrenOf(pid))
            {
                // a child of a stopped process stays its child, a zombie at most: its pid is not reused meanwhile
                LibC.Kill(child, LibC.SigKill);
            }
            LibC.PidFdSendSignal(pidFd, LibC.SigKill, IntPtr.Zero, 0);
        }
        finally
        {
            LibC.Close(pidFd);
        }
    }

    private static void WaitUntilStopped(int pid)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var spin = new SpinWait();
        while (ProcFs.ReadStat(pid) is { State: not 'T' and not 'Z' and not 'X' } && waited.Elapsed < _stopWait)
        {
            spin.SpinOnce(sleep1Threshold: 20);
        }
    }
}
