using System.Globalization;

namespace CodingAgent.Sandbox.Cgroups;

/// <summary>
/// The cgroup hierarchies mounted on this host (from /proc/self/mountinfo), which of them kernels can be limited in,
/// and where the cgroup of a given process is. cgroup v1 is used when the memory controller is mounted there (with
/// pids, cpu and freezer), as on hosts that boot with the legacy or hybrid layout; otherwise the unified hierarchy,
/// when it has the memory, pids and cpu controllers.
/// </summary>
internal sealed class CgroupMounts
{
    public static readonly string[] V1Controllers = [Cgroup.Memory, Cgroup.Pids, Cgroup.Cpu, Cgroup.Freezer];
    public static readonly string[] V2Controllers = [Cgroup.Memory, Cgroup.Pids, Cgroup.Cpu];

    private readonly IReadOnlyDictionary<string, CgroupMount> _v1;
    private readonly CgroupMount? _v2;

    internal CgroupMounts(IReadOnlyDictionary<string, CgroupMount> v1, CgroupMount? v2)
    {
        _v1 = v1;
        _v2 = v2;
        if (v1.ContainsKey(Cgroup.Memory))
        {
            var missing = V1Controllers.Where(c => !v1.ContainsKey(c)).ToList();
            Version = missing.Count == 0 ? CgroupVersion.V1 : CgroupVersion.None;
            Problem = missing.Count == 0 ? "" : $"cgroup v1 lacks the {string.Join(", ", missing)} controller(s)";
        }
        else if (v2 is not null)
        {
            var available = ReadWords(Path.Combine(v2.MountPoint, "cgroup.controllers"));
            var missing = V2Controllers.Where(c => !available.Contains(c)).ToList();
            Version = missing.Count == 0 ? CgroupVersion.V2 : CgroupVersion.None;
            Problem = missing.Count == 0 ? "" : $"cgroup v2 at {v2.MountPoint} lacks the {string.Join(", ", missing)} controller(s)";
        }
        else
        {
            Version = CgroupVersion.None;
            Problem = "no cgroup hierarchy is mounted";
        }
    }

    /// <summary>The hierarchy kernels are limited in, or <see cref="CgroupVersion.None"/> (then <see cref="Problem"/> says why).</summary>
    public CgroupVersion Version { get; }

    public string Problem { get; }

    public static CgroupMounts Read(string mountInfo = "/proc/self/mountinfo")
    {
        var v1 = new Dictionary<string, CgroupMount>();
        CgroupMount? v2 = null;
        foreach (var line in File.ReadLines(mountInfo))
        {
            // "id parent major:minor root mountpoint options [optional…] - fstype source superoptions"
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (separator < 5 || fields.Length < separator + 4)
            {
                continue;
            }
            var mount = new CgroupMount(Unescape(fields[4]), Unescape(fields[3]));
            switch (fields[separator + 1])
            {
                case "cgroup2":
                    v2 ??= mount;
                    break;
                case "cgroup":
                    foreach (var option in fields[separator + 3].Split(','))
                    {
                        v1.TryAdd(option, mount);
                    }
                    break;
            }
        }
        return new CgroupMounts(v1, v2);
    }

    /// <summary>The cgroup of a running process (a container's init), or null when its directories are not reachable from here.</summary>
    public Cgroup? OfProcess(int pid)
    {
        try
        {
            return Resolve(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cgroup"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The cgroup named by a /proc/&lt;pid&gt;/cgroup text, in the usable version, or null when not reachable.</summary>
    public Cgroup? Resolve(string procCgroup)
    {
        var directories = new Dictionary<string, string>();
        foreach (var line in procCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "id:controller[,controller…]:path"; cgroup v2 is "0::path"
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }
            if (Version == CgroupVersion.V2 && parts[0] == "0" && parts[1].Length == 0 && _v2?.DirectoryOf(parts[2]) is { } unified)
            {
                foreach (var controller in V2Controllers.Append(Cgroup.Freezer))
                {
                    directories[controller] = unified;
                }
            }
            else if (Version == CgroupVersion.V1)
            {
                foreach (var controller in parts[1].Split(',').Where(V1Controllers.Contains))
                {
                    if (_v1[controller].DirectoryOf(parts[2]) is { } directory)
                    {
                        directories[controller] = directory;
                    }
                }
            }
        }
        return Version != CgroupVersion.None && V1Controllers.All(directories.ContainsKey) && directories.Values.All(Directory.Exists)
            ? new Cgroup(Version, directories)
            : null;
    }

    /// <summary>The directory of a hierarchy's root as this process sees it (v1: per controller; v2: any controller).</summary>
    public string MountPoint(string controller) => Version == CgroupVersion.V2 ? _v2!.MountPoint : _v1[controller].MountPoint;

    public static IReadOnlySet<string> ReadWords(string path)
    {
        try
        {
            return File.ReadAllText(path).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new HashSet<string>();
        }
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal (\040).</summary>
    private static string Unescape(string field) =>
        field.Contains('\\', StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString())
            : field;
}
