using System.Diagnostics;
using System.Globalization;

namespace CodingAgent.Sandbox.Process;

/// <summary>
/// The command line of a confined kernel: new user, pid, ipc, uts, cgroup and network namespaces (no network),
/// a read-only view of what Python needs, the workspace as the only writable place, a private /tmp,
/// a clean environment, and resource limits that the kernel applies to itself before running any code.
/// </summary>
internal static class BubblewrapCommand
{
    public const string SandboxWorkspace = "/workspace";
    public const string SandboxKernelDirectory = "/opt/codingagent";

    /// <summary>Read-only host paths the kernel needs besides /usr (each bound only if it exists).</summary>
    private static readonly string[] _readOnlyEtc = ["/etc/alternatives", "/etc/matplotlibrc", "/etc/fonts", "/etc/ld.so.cache", "/etc/localtime", "/etc/mime.types"];

    /// <param name="uid">
    /// The unprivileged host uid/gid the kernel runs as (when the app runs as root), or null. With a uid, bubblewrap
    /// runs as root so that it can bind folders below directories the kernel's uid cannot enter (a data folder under
    /// /root or a 0700 home), and <c>setpriv</c> inside the sandbox drops to the uid with no capabilities, no
    /// supplementary groups and no_new_privs before Python starts. Without a uid (the app is not root), bubblewrap
    /// runs unprivileged in a user namespace of its own, as the app's user.
    /// </param>
    /// <param name="seccomp">The syscall filter, applied together with a ban on nested user namespaces.</param>
    public static ProcessStartInfo Create(SandboxOptions options, string kernelDirectory, string workspace, int? uid, SeccompFilterFile seccomp)
    {
        var start = new ProcessStartInfo(options.BubblewrapPath);
        // bubblewrap's own init stays inside the sandbox as pid 1, and its /proc/1/environ is readable there:
        // it must not inherit the app's environment either
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        var args = start.ArgumentList;
        var namespaces = uid is null
            ? new[] { "--unshare-all", "--cap-drop", "ALL" }.Concat(SeccompFilterFile.UserNamespaceArguments)
            : ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup"];
        foreach (var a in namespaces.Concat(["--die-with-parent", "--new-session", "--hostname", "sandbox"]).Concat(SeccompFilterFile.FilterArguments))
        {
            args.Add(a);
        }
        // folders bubblewrap creates for mount points are private when it runs as root: make them enterable
        foreach (var folder in new[] { "/etc", "/opt" })
        {
            foreach (var a in new[] { "--perms", "0755", "--dir", folder })
            {
                args.Add(a);
            }
        }
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
        // /dev is read-only; /dev/shm (POSIX semaphores, shared memory) and /tmp are size-limited tmpfs open to the kernel
        args.Add("--dev");
        args.Add("/dev");
        SizedTmpfs(args, "/dev/shm", options.ShmSizeMb);
        args.Add("--remount-ro");
        args.Add("/dev");
        SizedTmpfs(args, "/tmp", options.TmpSizeMb);
        Bind(args, "--ro-bind", kernelDirectory, SandboxKernelDirectory);
        Bind(args, "--bind", workspace, SandboxWorkspace);
        // the sandbox's own root (a tmpfs bubblewrap builds) becomes read-only too
        args.Add("--remount-ro");
        args.Add("/");
        args.Add("--chdir");
        args.Add(SandboxWorkspace);
        args.Add("--clearenv");
        foreach (var (name, value) in KernelEnvironment.Variables(options))
        {
            Bind(args, "--setenv", name, value);
        }
        args.Add("--");
        if (uid is { } hostUid)
        {
            var id = hostUid.ToString(CultureInfo.InvariantCulture);
            foreach (var a in new[] { "/usr/bin/setpriv", $"--reuid={id}", $"--regid={id}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--" })
            {
                args.Add(a);
            }
        }
        args.Add(options.PythonPath);
        args.Add("-u");
        args.Add(SandboxKernelDirectory + "/kernel.py");
        return seccomp.OpenedBy(start);
    }

    /// <summary>Development only: the kernel as a plain child process with a clean environment.</summary>
    public static ProcessStartInfo CreateUnconfined(SandboxOptions options, string kernelDirectory, string workspace)
    {
        var start = new ProcessStartInfo(options.PythonPath) { WorkingDirectory = workspace };
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(Path.Combine(kernelDirectory, "kernel.py"));
        start.Environment.Clear();
        foreach (var (name, value) in KernelEnvironment.Variables(options))
        {
            start.Environment[name] = value;
        }
        return start;
    }

    private static void SizedTmpfs(System.Collections.ObjectModel.Collection<string> args, string target, int sizeMb)
    {
        foreach (var a in new[] { "--perms", "1777", "--size", ((long)sizeMb * 1024 * 1024).ToString(CultureInfo.InvariantCulture), "--tmpfs", target })
        {
            args.Add(a);
        }
    }

    private static void Bind(System.Collections.ObjectModel.Collection<string> args, string option, string source, string target)
    {
        args.Add(option);
        args.Add(source);
        args.Add(target);
    }
}

