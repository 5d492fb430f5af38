using CodingAgent.Core.Ports;
using CodingAgent.Sandbox.Workspace;

namespace CodingAgent.Tests.Sandbox;

/// <summary>
/// The descriptor-based workspace operations against a racing thread of the test's own that swaps entries for links
/// as fast as it can (faster than code in a kernel could): what the host deletes, writes or chowns is never a link's target.
/// </summary>
public sealed class WorkspaceDirectoryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-workspaces-" + Guid.NewGuid().ToString("N"));
    private readonly Workspaces _workspaces;

    public WorkspaceDirectoryTests() => _workspaces = new Workspaces(Path.Combine(_root, "workspaces"));

    [Fact]
    public async Task Deleting_a_workspace_never_follows_a_folder_swapped_for_a_link_while_it_is_deleted()
    {
        using var secret = HostSecret.Create(_root);
        var (session, workspace) = CreateWorkspace();
        var names = Enumerable.Range(0, 200).Select(i => Path.Combine(workspace, "d" + i)).ToList();
        foreach (var name in names)
        {
            Directory.CreateDirectory(Path.Combine(name, "inner"));
            await File.WriteAllTextAsync(Path.Combine(name, "inner", "small.txt"), "x");
        }

        using (var racer = new Racer(() =>
        {
            foreach (var name in names)
            {
                Swap(name, secret.Folder);
            }
        }))
        {
            for (var attempt = 0; attempt < 20 && Directory.Exists(workspace); attempt++)
            {
                try
                {
                    _workspaces.Delete(session);
                }
                catch (IOException)
                {
                    // the racer kept changing it: try again
                }
            }
            Assert.True(racer.Rounds > 0);
        }
        _workspaces.Delete(session);

        Assert.False(Directory.Exists(workspace));
        secret.AssertUnchanged();
    }

    [Fact]
    public async Task A_file_put_while_its_temporary_names_are_swapped_for_links_never_reaches_their_target()
    {
        using var secret = HostSecret.Create(_root);
        var (session, workspace) = CreateWorkspace();

        using (var racer = new Racer(() =>
        {
            foreach (var entry in Directory.GetFileSystemEntries(workspace))
            {
                if (new FileInfo(entry).LinkTarget is null && !entry.EndsWith(".swap", StringComparison.Ordinal))
                {
                    SwapForLink(entry, secret.FilePath);
                }
            }
        }))
        {
            for (var i = 0; i < 100; i++)
            {
                using var directory = _workspaces.Open(session);
                try
                {
                    await directory.WriteFileAsync("data.csv", new MemoryStream("a,b\n1,2\n"u8.ToArray()), owner: 4242, CancellationToken.None);
                }
                catch (WorkspaceConflictException)
                {
                    // every attempt of this one was swapped: refused, never followed
                }
            }
            Assert.True(racer.Rounds > 0);
        }
        using (var directory = _workspaces.Open(session))
        {
            await directory.WriteFileAsync("data.csv", new MemoryStream("final\n"u8.ToArray()), owner: 4242, CancellationToken.None);
        }

        secret.AssertUnchanged();
        Assert.Equal("final\n", await File.ReadAllTextAsync(Path.Combine(workspace, "data.csv")));
        Assert.Equal("4242:4242:644", HostSecret.Stat(Path.Combine(workspace, "data.csv")));
        Assert.DoesNotContain(Directory.GetFiles(workspace), f => new FileInfo(f).LinkTarget is null && File.ReadAllText(f).Contains(secret.Content, StringComparison.Ordinal));
    }

    [Fact]
    public void A_tree_deeper_than_the_walk_limit_is_measured_as_incomplete_and_deleted_whole()
    {
        var (session, workspace) = CreateWorkspace();
        var deepest = Path.Combine([workspace, .. Enumerable.Repeat("d", WorkspaceDirectory.MaxDepth + 50)]);
        Directory.CreateDirectory(deepest);
        File.WriteAllText(Path.Combine(deepest, "bottom.txt"), "x");

        using (var directory = _workspaces.Open(session))
        {
            Assert.False(directory.MeasureUsage().Complete);
        }
        _workspaces.Delete(session);

        Assert.False(Directory.Exists(workspace));
    }

    [Fact]
    public async Task Copying_a_workspace_copies_files_and_folders_keeps_links_as_links_and_leaves_fifos_out()
    {
        using var secret = HostSecret.Create(_root);
        var (source, sourcePath) = CreateWorkspace();
        var (target, targetPath) = CreateWorkspace();
        Directory.CreateDirectory(Path.Combine(sourcePath, "nested", "deeper"));
        await File.WriteAllTextAsync(Path.Combine(sourcePath, "top.csv"), "a\n1\n");
        await File.WriteAllBytesAsync(Path.Combine(sourcePath, "nested", "deeper", "big.bin"), Enumerable.Range(0, 3_000_000).Select(i => (byte)i).ToArray());
        File.CreateSymbolicLink(Path.Combine(sourcePath, "nested", "secret"), secret.FilePath);
        Assert.Equal(0, MkFifo(Path.Combine(sourcePath, "pipe")));

        using (var from = _workspaces.OpenExisting(source)!)
        using (var to = _workspaces.OpenExisting(target)!)
        {
            from.CopyEntriesTo(to);
        }

        Assert.Equal("a\n1\n", await File.ReadAllTextAsync(Path.Combine(targetPath, "top.csv")));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(sourcePath, "nested", "deeper", "big.bin")), await File.ReadAllBytesAsync(Path.Combine(targetPath, "nested", "deeper", "big.bin")));
        Assert.Equal(secret.FilePath, new FileInfo(Path.Combine(targetPath, "nested", "secret")).LinkTarget);
        Assert.False(File.Exists(Path.Combine(targetPath, "pipe")));
        secret.AssertUnchanged();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MkFifo(string path, uint mode = 0b110_000_000);

    /// <summary>A new session workspace: its id, and its path for the test to plant files.</summary>
    [Fact]
    public async Task Opening_a_file_for_reading_takes_only_a_regular_file_within_the_bound_and_never_follows_a_link_or_waits_on_a_fifo()
    {
        using var secret = HostSecret.Create(_root);
        var (session, workspace) = CreateWorkspace();
        await File.WriteAllTextAsync(Path.Combine(workspace, "out.csv"), "a\n1\n");
        File.CreateSymbolicLink(Path.Combine(workspace, "link.csv"), secret.FilePath);
        Assert.Equal(0, MkFifo(Path.Combine(workspace, "pipe.csv")));
        using var directory = _workspaces.Open(session);

        using (var file = new FileStream(directory.OpenRegularFile("out.csv", 100), FileAccess.Read))
        using (var reader = new StreamReader(file))
        {
            Assert.Equal("a\n1\n", await reader.ReadToEndAsync());
        }
        Assert.Equal("it is a link", Assert.Throws<IOException>(() => directory.OpenRegularFile("link.csv", 100)).Message);
        Assert.Equal("it is not a regular file", Assert.Throws<IOException>(() => directory.OpenRegularFile("pipe.csv", 100)).Message);
        Assert.StartsWith("it is larger than", Assert.Throws<IOException>(() => directory.OpenRegularFile("out.csv", 3)).Message, StringComparison.Ordinal);
    }

    private (Guid Session, string Path) CreateWorkspace()
    {
        var session = Guid.NewGuid();
        _workspaces.Open(session).Dispose();
        return (session, _workspaces.PathFor(session));
    }

    /// <summary>A folder becomes a link to <paramref name="target"/> and then a folder again.</summary>
    private static void Swap(string folder, string target)
    {
        try
        {
            Directory.Move(folder, folder + ".real");
            File.CreateSymbolicLink(folder, target);
            File.Delete(folder);
            Directory.Move(folder + ".real", folder);
        }
        catch (IOException)
        {
            // deleted meanwhile
        }
    }

    /// <summary>Replaces an entry with a link to <paramref name="target"/> in one rename.</summary>
    private static void SwapForLink(string entry, string target)
    {
        var link = entry + "." + Guid.NewGuid().ToString("N") + ".swap";
        try
        {
            File.CreateSymbolicLink(link, target);
            File.Move(link, entry, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(link);
        }
    }

    public void Dispose()
    {
        _workspaces.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
