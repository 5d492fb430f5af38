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

    /// <summary>A new session workspace: its id, and its path for the test to plant files.</summary>
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
