using System.Collections.Concurrent;

namespace CodingAgent.Sandbox.Process;

/// <summary>
/// Starts kernel processes from one thread that lives as long as the app. bubblewrap's <c>--die-with-parent</c> is
/// <c>PR_SET_PDEATHSIG</c>, and Linux sends that signal when the <em>thread</em> that forked the process exits, not the
/// process: a kernel started from a thread-pool thread was killed (SIGKILL, milliseconds after it started) whenever the
/// pool retired that thread.
/// </summary>
internal static class ProcessSpawner
{
    private static readonly BlockingCollection<(System.Diagnostics.Process Process, TaskCompletionSource Started)> _requests = [];

    static ProcessSpawner()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "codingagent-kernel-spawner" };
        thread.Start();
    }

    /// <summary>Starts the process on the spawner thread and returns once it runs (or rethrows why it could not start).</summary>
    public static void Start(System.Diagnostics.Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((process, started));
        started.Task.GetAwaiter().GetResult();
    }

    private static void Run()
    {
        foreach (var (process, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
