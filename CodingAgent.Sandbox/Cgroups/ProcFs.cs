using System.Globalization;

namespace CodingAgent.Sandbox.Cgroups;

/// <summary>What the host reads about a process from /proc: its state and when it started.</summary>
internal static class ProcFs
{
    /// <summary>The state letter (R, S, Z, …) and start time (clock ticks after boot) of a process, or null once it is gone.</summary>
    public static (char State, ulong StartTime)? ReadStat(int pid) =>
        StatFields(pid) is { Length: > 19 } fields && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? (fields[0][0], start)
            : null;

    /// <summary>The fields of /proc/PID/stat after the command's name (state, parent, …), or null once the process is gone.</summary>
    private static string[]? StatFields(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) S ppid …": comm may hold spaces and parentheses, so fields are counted from the last ')'
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    /// <summary>The parent's pid of a process, or null once it is gone.</summary>
    public static int? ParentOf(int pid) =>
        StatFields(pid) is { Length: > 1 } fields && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;

    /// <summary>The processes whose parent is <paramref name="pid"/> (zombies too), found in /proc.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate)
                && candidate != pid && ParentOf(candidate) == pid)
            {
                children.Add(candidate);
            }
        }
        return children;
    }

    /// <summary>True while the process exists and is not a zombie (a zombie runs no code; its parent reaps it).</summary>
    public static bool IsRunning(int pid) => ReadStat(pid) is { State: not 'Z' and not 'X' };

    /// <summary>"pid-starttime": names this process uniquely on the host for as long as the host runs.</summary>
    public static string SelfIdentity()
    {
        var pid = Environment.ProcessId;
        var start = ReadStat(pid)?.StartTime ?? 0;
        return $"{pid.ToString(CultureInfo.InvariantCulture)}-{start.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>True when the process named by <see cref="SelfIdentity"/> still runs (the pid alone could have been reused).</summary>
    public static bool IdentityAlive(string identity)
    {
        var parts = identity.Split('-');
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && ReadStat(pid) is { } stat && stat.StartTime == start && stat.State is not 'Z' and not 'X';
    }
}
