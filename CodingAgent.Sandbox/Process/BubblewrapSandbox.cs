using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;

namespace CodingAgent.Sandbox.Process;

/// <summary>
/// What every bubblewrap sandbox of the app shares (a kernel, a file profiler): new user (when not root), pid, ipc,
/// uts, cgroup and network namespaces (no network: only <c>lo</c>), the seccomp filter, a read-only view of /usr, the
/// top-level links or folders beside it and a few files of /etc, its own /proc, a read-only /dev, a size-limited /tmp,
/// a read-only root, a clean environment, and — when the app is root — <c>setpriv</c> dropping to an unprivileged uid
/// with no capabilities before the command runs. Callers add their own binds between <see cref="Start"/> and <see cref="Run"/>.
/// </summary>
internal static class BubblewrapSandbox
{
    /// <summary>Read-only host paths a sandbox needs besides /usr (each bound only if it exists).</summary>
    private static readonly string[] _readOnlyEtc = ["/etc/alternatives", "/etc/matplotlibrc", "/etc/fonts", "/etc/ld.so.cache", "/etc/localtime", "/etc/mime.types"];

    /// <param name="uid">
    /// The unprivileged host uid/gid the command runs as (when the app runs as root), or null. With a uid, bubblewrap
    /// runs as root so that it can bind paths below directories the uid cannot enter (a data folder under /root or a
    /// 0700 home), and <c>setpriv</c> inside the sandbox drops to the uid with no capabilities, no supplementary
    /// groups and no_new_privs before the command starts. Without a uid (the app is not root), bubblewrap runs
    /// unprivileged in a user namespace of its own, as the app's user.
    /// </param>
    /// <param name="mountFolders">
    /// Folders of the sandbox's root that binds go below: made enterable (0755), since folders bubblewrap creates for
    /// mount points are private when it runs as root.
    /// </param>
    /// <param name="shmSizeMb">The size of a writable /dev/shm, or null for none.</param>
    public static ProcessStartInfo Start(string bubblewrapPath, int? uid, IEnumerable<string> mountFolders, int tmpSizeMb, int? shmSizeMb)
    {
        var start = new ProcessStartInfo(bubblewrapPath);
        // bubblewrap's own init stays inside the sandbox as pid 1, and its /proc/1/environ is readable there:
        // it must not inherit the app's environment either
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        var args = start.ArgumentList;
        var namespaces = uid is null
            ? new[] { "--unshare-all", "--cap-drop", "ALL" }.Concat(SeccompFilterFile.UserNamespaceArguments)
            : ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup"];
        AddAll(args, namespaces.Concat(["--die-with-parent", "--new-session", "--hostname", "sandbox"]).Concat(SeccompFilterFile.FilterArguments));
        EnterableFolders(args, mountFolders.Prepend("/etc"));
        Bind(args, "--ro-bind", "/usr", "/usr");
        foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib64", "/lib32" })
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target)
            {
                Bind(args, "--symlink", target, top);
            }
            else if (Directory.Exists(top))
            {
                Bind(args, "--ro-bind", top, top);
            }
        }
        foreach (var path in _readOnlyEtc.Where(p => File.Exists(p) || Directory.Exists(p)))
        {
            Bind(args, "--ro-bind", path, path);
        }
        args.Add("--proc");
        args.Add("/proc");
        // /dev is read-only; /dev/shm (POSIX semaphores, shared memory) and /tmp are size-limited tmpfs open to the sandbox
        args.Add("--dev");
        args.Add("/dev");
        if (shmSizeMb is { } shm)
        {
            SizedTmpfs(args, "/dev/shm", shm);
        }
        args.Add("--remount-ro");
        args.Add("/dev");
        SizedTmpfs(args, "/tmp", tmpSizeMb);
        return start;
    }

    /// <summary>
    /// Makes every folder on the way to <paramref name="targets"/> (below /) an enterable folder of the sandbox's root,
    /// parents first.
    /// </summary>
    public static void EnterableFolders(Collection<string> args, IEnumerable<string> targets)
    {
        var folders = targets
            .SelectMany(Ancestry)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(f => f.Count(c => c == '/'))
            .ThenBy(f => f, StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            AddAll(args, ["--perms", "0755", "--dir", folder]);
        }
    }

    /// <summary>A folder and each of its parents below /.</summary>
    private static IEnumerable<string> Ancestry(string folder)
    {
        for (var current = folder.TrimEnd('/'); current.Length > 0 && current != "/"; current = Path.GetDirectoryName(current) ?? "")
        {
            yield return current;
        }
    }

    /// <summary>
    /// Seals the sandbox's root read-only, sets the working directory and the only environment the command gets, and
    /// the command itself (behind <c>setpriv</c> when <paramref name="uid"/> is set).
    /// </summary>
    public static void Run(ProcessStartInfo start, string workingDirectory, IEnumerable<(string Name, string Value)> environment, int? uid, IEnumerable<string> command)
    {
        var args = start.ArgumentList;
        // the sandbox's own root (a tmpfs bubblewrap builds) becomes read-only too
        AddAll(args, ["--remount-ro", "/", "--chdir", workingDirectory, "--clearenv"]);
        foreach (var (name, value) in environment)
        {
            Bind(args, "--setenv", name, value);
        }
        args.Add("--");
        if (uid is { } hostUid)
        {
            var id = hostUid.ToString(CultureInfo.InvariantCulture);
            AddAll(args, ["/usr/bin/setpriv", $"--reuid={id}", $"--regid={id}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]);
        }
        AddAll(args, command);
    }

    /// <summary>A plain child process (development only): the command with nothing but <paramref name="environment"/>.</summary>
    public static ProcessStartInfo Unconfined(string workingDirectory, IEnumerable<(string Name, string Value)> environment, IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo(command[0]) { WorkingDirectory = workingDirectory };
        AddAll(start.ArgumentList, command.Skip(1));
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return start;
    }

    public static void Bind(Collection<string> args, string option, string source, string target)
    {
        args.Add(option);
        args.Add(source);
        args.Add(target);
    }

    private static void SizedTmpfs(Collection<string> args, string target, int sizeMb) =>
        AddAll(args, ["--perms", "1777", "--size", ((long)sizeMb * 1024 * 1024).ToString(CultureInfo.InvariantCulture), "--tmpfs", target]);

    private static void AddAll(Collection<string> args, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            args.Add(value);
        }
    }
}
