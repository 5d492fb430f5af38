using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CodingAgent.Sandbox.Workspace;

/// <summary>
/// Workspace filesystems made with e2fsprogs and mounted through loop devices by util-linux's mount (root only).
/// Every command is started with an argument list, never through a shell.
/// </summary>
internal sealed class LoopWorkspaceFilesystems : IWorkspaceFilesystems
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string _mkfs;

    public LoopWorkspaceFilesystems(string mkfs) => _mkfs = mkfs;

    /// <summary>mkfs.ext4 where Debian puts it, or null when e2fsprogs is missing.</summary>
    public static string? FindMkfs() =>
        new[] { "/usr/sbin/mkfs.ext4", "/sbin/mkfs.ext4" }.FirstOrDefault(File.Exists);

    /// <summary>
    /// The loop filesystems when they can work here (the app is root, the kernel has loop devices and e2fsprogs and
    /// mount are installed), else null and why not.
    /// </summary>
    public static LoopWorkspaceFilesystems? TryCreate(out string unavailable)
    {
        unavailable = !Environment.IsPrivilegedProcess ? "the app does not run as root"
            : !File.Exists("/dev/loop-control") ? "there is no /dev/loop-control (loop devices)"
            : FindMkfs() is null ? "mkfs.ext4 (e2fsprogs) is not installed"
            : !File.Exists("/usr/bin/mount") || !File.Exists("/usr/bin/umount") ? "mount/umount (util-linux) are not installed"
            : "";
        return unavailable.Length == 0 ? new LoopWorkspaceFilesystems(FindMkfs()!) : null;
    }

    public void Create(string image, long bytes)
    {
        using (var file = new FileStream(image, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            file.SetLength(bytes);
        }
        File.SetUnixFileMode(image, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            // no journal and no reserved blocks: the quota is all the room files get; root owns the root until a kernel's uid is given it
            Run(_mkfs, "-q", "-F", "-m", "0", "-O", "^has_journal", "-E", "root_owner=0:0,lazy_itable_init=1", image);
        }
        catch
        {
            File.Delete(image);
            throw;
        }
    }

    public void Mount(string image, string mountPoint) =>
        Run("/usr/bin/mount", "-t", "ext4", "-o", "loop,nosuid,nodev,noexec", "--", image, mountPoint);

    public void Move(string from, string to) => Run("/usr/bin/mount", "--move", "--", from, to);

    public void Unmount(string mountPoint) => Run("/usr/bin/umount", "-l", "--", mountPoint);

    public IReadOnlyList<string> MountsUnder(string root)
    {
        var prefix = root.TrimEnd('/') + "/";
        return File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]))
            .Where(path => path.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(path => path.Length)
            .ToList();
    }

    /// <summary>mountinfo writes space, tab, newline and backslash in a path as \ooo.</summary>
    private static string Unescape(string field)
    {
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && int.TryParse(field.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start)
            ?? throw new IOException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new IOException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }
        if (process.ExitCode != 0)
        {
            throw new IOException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {(error.Result + output.Result).Trim()}");
        }
    }
}
