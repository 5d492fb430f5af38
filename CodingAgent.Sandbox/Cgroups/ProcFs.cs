using System.Globalization;

namespace CodingAgent.Sandbox.Cgroups;

/// <summary>What the host reads about a process from /proc: its state and when it started.</summary>
internal static class ProcFs
{
    /// <summary>The state letter (R, S, Z, …) and start time (clock ticks after boot) of a process, or null once it is gone.</summary>
    public static (char State, ulong StartTime)? ReadStat(int pid)
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
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? (fields[0][0], start)
            : null;
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
