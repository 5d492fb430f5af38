namespace CodingAgent.Sandbox.Workspace;

/// <summary>
/// Session workspaces on the host: <c>{root}/{session}</c>, and warm-pool workspaces <c>{root}/.pool/{id}</c> that
/// are renamed into place when a session claims a pre-started kernel (the kernel's bind mount follows the rename).
/// The root is the app's and no sandbox sees it; it is held open, and everything below it is reached through
/// descriptors (<see cref="WorkspaceDirectory"/>). Paths are handed out only to launchers, which bind them.
/// </summary>
internal sealed class Workspaces : IDisposable
{
    private const string PoolName = ".pool";
    private readonly string _root;
    private readonly WorkspaceDirectory _rootDirectory;
    private readonly WorkspaceDirectory _poolDirectory;

    public Workspaces(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
        _rootDirectory = WorkspaceDirectory.OpenRoot(_root);
        // the kernels' users pass through it to their own workspaces, which are bound by path
        _poolDirectory = _rootDirectory.CreateDirectory(PoolName, traversable: true);
    }

    /// <summary>The host path of a session's workspace, for a launcher to bind.</summary>
    public string PathFor(Guid sessionId) => Path.Combine(_root, NameOf(sessionId));

    /// <summary>The host path of a warm-pool workspace, for a launcher to bind.</summary>
    public string PoolPathFor(string poolId) => Path.Combine(_root, PoolName, poolId);

    /// <summary>The session's workspace, created (private, 0700) when it does not exist yet.</summary>
    public WorkspaceDirectory Open(Guid sessionId) => _rootDirectory.CreateDirectory(NameOf(sessionId));

    /// <summary>The session's workspace, or null when it has none.</summary>
    public WorkspaceDirectory? OpenExisting(Guid sessionId) => _rootDirectory.OpenDirectory(NameOf(sessionId));

    /// <summary>A warm-pool workspace, created when it does not exist yet.</summary>
    public WorkspaceDirectory OpenPool(string poolId) => _poolDirectory.CreateDirectory(poolId);

    /// <summary>
    /// Makes a warm kernel's directory the session's workspace, keeping the files already uploaded to the session
    /// (moved with renameat between the two directories); everything in it becomes the kernel's uid's.
    /// </summary>
    public void Claim(string poolId, WorkspaceDirectory poolDirectory, Guid sessionId, int? uid)
    {
        var name = NameOf(sessionId);
        for (var attempt = 0; ; attempt++)
        {
            using (var existing = _rootDirectory.OpenDirectory(name))
            {
                existing?.MoveEntriesTo(poolDirectory);
            }
            _rootDirectory.Delete(name);
            if (_poolDirectory.TryMove(poolId, _rootDirectory, name))
            {
                break;
            }
            if (attempt == 3)
            {
                throw new IOException($"The workspace of session {sessionId} kept being re-created while a warm kernel claimed it.");
            }
        }
        if (uid is { } id)
        {
            poolDirectory.GiveTo(id);
        }
    }

    /// <summary>Deletes a session's workspace and everything in it (links are removed, never followed).</summary>
    public void Delete(Guid sessionId) => _rootDirectory.Delete(NameOf(sessionId));

    public void DeletePool(string poolId) => _poolDirectory.Delete(poolId);

    public void Dispose()
    {
        _poolDirectory.Dispose();
        _rootDirectory.Dispose();
    }

    private static string NameOf(Guid sessionId) => sessionId.ToString("N");
}
