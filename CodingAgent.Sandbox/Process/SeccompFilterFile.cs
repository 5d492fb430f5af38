using System.Diagnostics;
using CodingAgent.Sandbox.Seccomp;

namespace CodingAgent.Sandbox.Process;

/// <summary>
/// The compiled <see cref="SeccompFilter"/> in the app's private runtime directory (<c>{WorkspaceRoot}/../runtime</c>,
/// 0700, so no kernel uid can change it), and the parts of a bubblewrap launch that apply it together with a ban on
/// nested user namespaces. The launch goes through <c>/bin/sh</c>, which opens the file on descriptor
/// <see cref="Descriptor"/> itself before it execs the rest: .NET cannot hand one child an extra descriptor without
/// leaking it into every other child started at the same moment.
/// </summary>
internal sealed class SeccompFilterFile
{
    public const int Descriptor = 5;

    private SeccompFilterFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>bubblewrap's option that applies the filter read from <see cref="Descriptor"/> to everything in the sandbox.</summary>
    public static IReadOnlyList<string> FilterArguments { get; } = ["--seccomp", Descriptor.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>
    /// For an unprivileged bubblewrap: a user namespace of its own in which no further one can be made (checked by
    /// bubblewrap before it runs anything). A bubblewrap started by root makes no user namespace (setpriv drops to the
    /// kernel's uid inside); there the filter alone refuses unshare, setns and namespace flags to clone.
    /// </summary>
    public static IReadOnlyList<string> UserNamespaceArguments { get; } = ["--unshare-user", "--disable-userns", "--assert-userns-disabled"];

    /// <summary>The redirection that opens the file named by the shell word <paramref name="pathWord"/> on <see cref="Descriptor"/>.</summary>
    public static string ShellRedirection(string pathWord) => $"{Descriptor}<{pathWord}";

    public static SeccompFilterFile WriteFor(SandboxOptions options)
    {
        var directory = PrivateDirectory.Ensure(options.RuntimeDirectory);
        return new SeccompFilterFile(PrivateDirectory.WriteFile(directory, "seccomp.bpf", SeccompFilter.Compile(SyscallDenyList.All)));
    }

    /// <summary>Makes <paramref name="start"/> run as <c>sh -c 'exec 5&lt;"$1"; shift; exec "$@"' sh FILTER COMMAND ARGS...</c>.</summary>
    public ProcessStartInfo OpenedBy(ProcessStartInfo start)
    {
        var command = new List<string> { start.FileName };
        command.AddRange(start.ArgumentList);
        start.FileName = "/bin/sh";
        start.ArgumentList.Clear();
        foreach (var argument in new[] { "-c", $"exec {ShellRedirection("\"$1\"")}; shift; exec \"$@\"", "sh", Path }.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }
}
