using System.Diagnostics;

namespace CodingAgent.Sandbox.Process;

/// <summary>
/// The command line of a confined kernel: the app's common bubblewrap sandbox (<see cref="BubblewrapSandbox"/>: no
/// network, a read-only view of what Python needs, a private /tmp and /dev/shm, a clean environment) with the
/// workspace as the only other writable place, and resource limits that the kernel applies to itself before running
/// any code.
/// </summary>
internal static class BubblewrapCommand
{
    public const string SandboxWorkspace = "/workspace";
    public const string SandboxKernelDirectory = "/opt/codingagent";

    /// <param name="uid">The unprivileged host uid/gid the kernel runs as (when the app runs as root), or null: see <see cref="BubblewrapSandbox.Start"/>.</param>
    /// <param name="seccomp">The syscall filter, applied together with a ban on nested user namespaces.</param>
    public static ProcessStartInfo Create(SandboxOptions options, string kernelDirectory, string workspace, int? uid, SeccompFilterFile seccomp)
    {
        var start = BubblewrapSandbox.Start(options.BubblewrapPath, uid, ["/opt"], options.TmpSizeMb, options.ShmSizeMb);
        BubblewrapSandbox.Bind(start.ArgumentList, "--ro-bind", kernelDirectory, SandboxKernelDirectory);
        BubblewrapSandbox.Bind(start.ArgumentList, "--bind", workspace, SandboxWorkspace);
        BubblewrapSandbox.Run(start, SandboxWorkspace, KernelEnvironment.Variables(options), uid, [options.PythonPath, "-u", SandboxKernelDirectory + "/kernel.py"]);
        return seccomp.OpenedBy(start);
    }

    /// <summary>Development only: the kernel as a plain child process with a clean environment.</summary>
    public static ProcessStartInfo CreateUnconfined(SandboxOptions options, string kernelDirectory, string workspace) =>
        BubblewrapSandbox.Unconfined(workspace, KernelEnvironment.Variables(options), [options.PythonPath, "-u", Path.Combine(kernelDirectory, "kernel.py")]);
}
