using System.Diagnostics;
using CodingAgent.Sandbox.Profiling;

namespace CodingAgent.Tests.Sandbox.Profiling;

/// <summary>
/// A worker's read access to an owner-only upload by an ACL entry of its own (instead of a copy): two workers of the
/// same file at once, and the file as it was once both are gone. The tests run as root, as the app does when it gives
/// workers uids of their own.
/// </summary>
public sealed class ReadGrantTests : IDisposable
{
    private const int FirstUid = 64901;
    private const int SecondUid = 64902;
    private readonly string _folder = Directory.CreateTempSubdirectory("codingagent-grant-").FullName;
    private readonly string _file;

    public ReadGrantTests()
    {
        // the folder is enterable, so that only the file's own permissions decide
        File.SetUnixFileMode(_folder, (UnixFileMode)Convert.ToInt32("755", 8));
        _file = Path.Combine(_folder, "upload");
        File.WriteAllText(_file, "city,amount\n");
        File.SetUnixFileMode(_file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Each_grant_lets_its_own_uid_read_until_it_is_revoked_and_the_last_leaves_the_file_as_it_was()
    {
        Assert.True(Environment.IsPrivilegedProcess, "the app grants uids only when it runs as root, as its tests do");
        Assert.False(CanRead(FirstUid));
        // the caller has the upload open, as the app's profile runner does (.NET holds a shared flock on it)
        await using var upload = File.OpenRead(_file);

        var first = await Task.Run(() => ReadGrant.TryGrant(_file, FirstUid)).WaitAsync(TimeSpan.FromMinutes(2));
        var second = await Task.Run(() => ReadGrant.TryGrant(_file, SecondUid)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(CanRead(FirstUid));
        Assert.True(CanRead(SecondUid));
        Assert.False(CanRead(64903));
        first.Dispose();
        Assert.False(CanRead(FirstUid));
        Assert.True(CanRead(SecondUid));
        second.Dispose();
        Assert.False(CanRead(SecondUid));
        Assert.False(ProfilerHarness.HasAccessAcl(_file));
        Assert.EndsWith(":600", HostSecret.Stat(_file), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_readable_by_its_group_keeps_its_mode_and_gives_the_group_nothing_more()
    {
        File.SetUnixFileMode(_file, (UnixFileMode)Convert.ToInt32("640", 8));

        using (ReadGrant.TryGrant(_file, FirstUid))
        {
            Assert.True(CanRead(FirstUid));
        }

        Assert.False(ProfilerHarness.HasAccessAcl(_file));
        Assert.EndsWith(":640", HostSecret.Stat(_file), StringComparison.Ordinal);
    }

    /// <summary>Whether a process of <paramref name="uid"/> (no groups) can read the file.</summary>
    private bool CanRead(int uid)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv", [$"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--", "/usr/bin/cat", _file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var cat = Process.Start(start)!;
        cat.StandardOutput.ReadToEnd();
        cat.StandardError.ReadToEnd();
        cat.WaitForExit();
        return cat.ExitCode == 0;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
