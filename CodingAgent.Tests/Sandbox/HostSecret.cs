using System.Diagnostics;
using System.Text;

namespace CodingAgent.Tests.Sandbox;

/// <summary>
/// A private host file (root's, mode 0600, secret content) in a folder outside any workspace: what hostile code tries
/// to make the host read, chmod or chown through a link it plants in its workspace. Also the host's own
/// /proc/self/environ, which a link can point at too.
/// </summary>
public sealed class HostSecret : IDisposable
{
    private readonly string _fileStat;
    private readonly string _folderStat;

    private HostSecret(string folder)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        FilePath = Path.Combine(folder, "secret.txt");
        Content = "host-secret-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(FilePath, Content);
        File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _fileStat = Stat(FilePath);
        _folderStat = Stat(folder);
    }

    public string Folder { get; }

    public string FilePath { get; }

    public string Content { get; }

    /// <summary>A stretch of the host process's /proc/self/environ that appears nowhere else.</summary>
    public static string EnvironSample { get; } = ReadEnvironSample();

    public static HostSecret Create(string root) => new(Path.Combine(root, "host-secret-" + Guid.NewGuid().ToString("N")));

    /// <summary>The file and its folder are as created: content, owner, group and mode.</summary>
    public void AssertUnchanged()
    {
        Assert.Equal(Content, File.ReadAllText(FilePath));
        Assert.Equal(_fileStat, Stat(FilePath));
        Assert.Equal(_folderStat, Stat(Folder));
        Assert.Equal("0:0:600", _fileStat);
    }

    /// <summary>Neither the secret nor the host's environment is in <paramref name="content"/>.</summary>
    public void AssertNotIn(string content)
    {
        Assert.DoesNotContain(Content, content, StringComparison.Ordinal);
        Assert.DoesNotContain(EnvironSample, content, StringComparison.Ordinal);
    }

    /// <summary>No regular file below a workspace (read by the test on the host, links skipped) holds the secret.</summary>
    public void AssertNotInFilesOf(string workspace)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in new DirectoryInfo(workspace).EnumerateFiles("*", options))
        {
            AssertNotIn(Encoding.UTF8.GetString(File.ReadAllBytes(file.FullName)));
        }
    }

    /// <summary>What <c>stat -c</c> says of a path (not following a link): by default owner:group:mode; <c>%i</c> its inode number.</summary>
    public static string Stat(string path, string format = "%u:%g:%a")
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return output;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static string ReadEnvironSample()
    {
        var entries = File.ReadAllText("/proc/self/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        // two consecutive entries joined by the NUL between them: a sequence only the environment block has
        return entries.Length >= 2 ? entries[0] + "\0" + entries[1] : entries.Single() + "\0";
    }
}
