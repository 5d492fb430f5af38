using System.Diagnostics;

namespace CodingAgent.Sandbox.Process;

/// <summary>
/// Starts a command inside a cgroup: <c>/bin/sh</c> writes its own pid into each cgroup.procs file and then
/// <c>exec</c>s the command, so the command (bubblewrap) and everything it starts are in the cgroup before any of
/// it runs. If a file cannot be written, the shell exits with 125 and the command never runs.
/// </summary>
internal static class CgroupJoinCommand
{
    public const int JoinFailedExitCode = 125;

    private const string Script = "for f in \"$@\"; do case $f in --) shift; break;; esac; echo $$ > \"$f\" || exit 125; shift; done; exec \"$@\"";

    public static ProcessStartInfo Wrap(ProcessStartInfo command, IEnumerable<string> procsFiles)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = command.WorkingDirectory };
        start.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            start.Environment[name] = value;
        }
        foreach (var argument in new[] { "-c", Script, "sh" }.Concat(procsFiles).Append("--").Append(command.FileName).Concat(command.ArgumentList))
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }
}
