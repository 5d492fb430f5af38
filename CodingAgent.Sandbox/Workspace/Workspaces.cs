namespace CodingAgent.Sandbox.Workspace;

/// <summary>
/// Session workspaces on the host: <c>{root}/{session}</c>, and warm-pool workspaces <c>{root}/.pool/{id}</c> that
/// become a session's when it claims a pre-started kernel. The root is the app's and no sandbox sees it; it is held
/// open, and everything below it is reached through descriptors (<see cref="WorkspaceDirectory"/>). Paths are handed
/// out only to launchers, which bind them, and to the filesystem commands.
/// <para>
/// With <paramref name="filesystems"/> (the app is root and loop devices work), each workspace is an ext4 image of
/// <paramref name="quotaBytes"/> (<c>{root}/.images/{name}.img</c>) loop-mounted on its directory, so the filesystem
/// refuses writes past the quota. A session's image persists (remounted on the next open, also after a restart);
/// it is unmounted at dispose and deleted with the session. A workspace left as a plain directory by an older version
/// stays one (bounded by the host's measurement only) until the session gets a warm kernel, whose image its files
/// are copied into. Without filesystems, workspaces are plain directories.
/// </para>
/// </summary>
internal sealed class Workspaces : IDisposable
{
    private const string PoolName = ".pool";
    private const string ImagesName = ".images";
    private const string PoolImagePrefix = "pool-";
    private readonly string _root;
    private readonly WorkspaceDirectory _rootDirectory;
    private readonly WorkspaceDirectory _poolDirectory;
    private readonly IWorkspaceFilesystems? _filesystems;
    private readonly long _quotaBytes;
    private readonly HashSet<string> _mounted = new(StringComparer.Ordinal);
    private readonly Lock _mountLock = new();
    private bool _stopped;

    public Workspaces(string root, IWorkspaceFilesystems? filesystems = null, long quotaBytes = 0)
    {
        _root = Path.GetFullPath(root);
        _filesystems = filesystems;
        _quotaBytes = quotaBytes;
        Directory.CreateDirectory(_root);
        // a crashed run's mounts go first: nothing below may be touched while an old filesystem covers it
        if (filesystems is not null)
        {
            UnmountLeftovers(filesystems, _root);
        }
        _rootDirectory = WorkspaceDirectory.OpenRoot(_root);
        // the kernels' users pass through it to their own workspaces, which are bound by path
        _poolDirectory = _rootDirectory.CreateDirectory(PoolName, traversable: true);
        if (filesystems is not null)
        {
            _rootDirectory.CreateDirectory(ImagesName).Dispose();
        }
    }

    /// <summary>True when workspaces are filesystem images of the quota's size (else plain directories).</summary>
    public bool UsesFilesystems => _filesystems is not null;

    /// <summary>The host path of a session's workspace, for a launcher to bind.</summary>
    public string PathFor(Guid sessionId) => Path.Combine(_root, NameOf(sessionId));

    /// <summary>The host path of a warm-pool workspace, for a launcher to bind.</summary>
    public string PoolPathFor(string poolId) => Path.Combine(_root, PoolName, poolId);

    /// <summary>The image file of a session's workspace (whether or not it exists).</summary>
    public string ImagePathFor(Guid sessionId) => ImagePath(NameOf(sessionId));

    /// <summary>The session's workspace, created (private, 0700) when it does not exist yet; its filesystem mounted.</summary>
    public WorkspaceDirectory Open(Guid sessionId)
    {
        var name = NameOf(sessionId);
        return OpenMounted(_rootDirectory, name, PathFor(sessionId), ImagePath(name), create: true)!;
    }

    /// <summary>The session's workspace, or null when it has none; its filesystem is mounted when it has one.</summary>
    public WorkspaceDirectory? OpenExisting(Guid sessionId)
    {
        var name = NameOf(sessionId);
        return OpenMounted(_rootDirectory, name, PathFor(sessionId), ImagePath(name), create: false);
    }

    /// <summary>A warm-pool workspace, created when it does not exist yet.</summary>
    public WorkspaceDirectory OpenPool(string poolId) =>
        OpenMounted(_poolDirectory, poolId, PoolPathFor(poolId), ImagePath(PoolImagePrefix + poolId), create: true)!;

    /// <summary>
    /// Makes a warm kernel's workspace the session's, keeping the files already uploaded to the session (moved with
    /// renameat, or copied through descriptors into the warm kernel's filesystem); everything in it becomes the
    /// kernel's uid's. With filesystems, the warm mount is then moved onto the session's path (the kernel's bind
    /// follows its filesystem, not the path) and its image renamed to the session's.
    /// </summary>
    public void Claim(string poolId, WorkspaceDirectory poolDirectory, Guid sessionId, int? uid)
    {
        if (_filesystems is null)
        {
            ClaimDirectory(poolId, poolDirectory, sessionId);
        }
        else
        {
            ClaimFilesystem(poolId, poolDirectory, sessionId, _filesystems);
        }
        if (uid is { } id)
        {
            poolDirectory.GiveTo(id);
        }
    }

    /// <summary>Deletes a session's workspace and everything in it (links are removed, never followed), and its image.</summary>
    public void Delete(Guid sessionId)
    {
        var name = NameOf(sessionId);
        Remove(_rootDirectory, name, PathFor(sessionId), ImagePath(name));
    }

    public void DeletePool(string poolId) =>
        Remove(_poolDirectory, poolId, PoolPathFor(poolId), ImagePath(PoolImagePrefix + poolId));

    /// <summary>
    /// Detaches every workspace filesystem this instance mounted (lazily: processes that still use one keep it until
    /// they are gone) and mounts none from now on: opening a workspace filesystem then fails (the app is stopping).
    /// </summary>
    public void UnmountAll()
    {
        lock (_mountLock)
        {
            _stopped = true;
            var failures = new List<Exception>();
            foreach (var mountPoint in _mounted.OrderByDescending(p => p.Length))
            {
                try
                {
                    _filesystems!.Unmount(mountPoint);
                }
                catch (IOException ex)
                {
                    failures.Add(ex);
                }
            }
            _mounted.Clear();
            if (failures.Count > 0)
            {
                throw new IOException("Some workspace filesystems could not be unmounted.", new AggregateException(failures));
            }
        }
    }

    /// <summary>
    /// Unmounts the workspace filesystems a previous run left mounted below the root. One that is gone by the time it
    /// is unmounted (the previous app of the same data folder was still stopping) is fine; one that stays is an error.
    /// </summary>
    private static void UnmountLeftovers(IWorkspaceFilesystems filesystems, string root)
    {
        foreach (var mountPoint in filesystems.MountsUnder(root))
        {
            try
            {
                filesystems.Unmount(mountPoint);
            }
            catch (IOException) when (!filesystems.MountsUnder(root).Contains(mountPoint, StringComparer.Ordinal))
            {
                // unmounted meanwhile by the app that mounted it
            }
        }
    }

    public void Dispose()
    {
        try
        {
            UnmountAll();
        }
        finally
        {
            _poolDirectory.Dispose();
            _rootDirectory.Dispose();
        }
    }

    private WorkspaceDirectory? OpenMounted(WorkspaceDirectory parent, string name, string path, string image, bool create)
    {
        if (_filesystems is null)
        {
            return create ? parent.CreateDirectory(name) : parent.OpenDirectory(name);
        }
        lock (_mountLock)
        {
            if (_mounted.Contains(path))
            {
                return parent.OpenDirectory(name);
            }
            if (_stopped)
            {
                throw new OperationCanceledException("The workspaces are being closed: the app is stopping.");
            }
            var hasImage = File.Exists(image);
            using (var mountPoint = hasImage || create ? parent.CreateDirectory(name) : parent.OpenDirectory(name))
            {
                if (mountPoint is null)
                {
                    return null;
                }
                if (!hasImage && !mountPoint.IsEmpty)
                {
                    // an older version's plain workspace: it stays a directory
                    return parent.OpenDirectory(name);
                }
                if (!hasImage)
                {
                    _filesystems.Create(image, _quotaBytes);
                }
            }
            _filesystems.Mount(image, path);
            _mounted.Add(path);
            // opened after mounting: the descriptor is the mounted filesystem's root
            var directory = parent.OpenDirectory(name) ?? throw new IOException($"The workspace {name} vanished after it was mounted.");
            if (!hasImage)
            {
                directory.Delete("lost+found");
            }
            directory.MakePrivate();
            return directory;
        }
    }

    private void Remove(WorkspaceDirectory parent, string name, string path, string image)
    {
        lock (_mountLock)
        {
            if (_mounted.Remove(path))
            {
                _filesystems!.Unmount(path);
            }
            parent.Delete(name);
            if (_filesystems is not null)
            {
                File.Delete(image);
            }
        }
    }

    private void ClaimDirectory(string poolId, WorkspaceDirectory poolDirectory, Guid sessionId)
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
                return;
            }
            if (attempt == 3)
            {
                throw new IOException($"The workspace of session {sessionId} kept being re-created while a warm kernel claimed it.");
            }
        }
    }

    private void ClaimFilesystem(string poolId, WorkspaceDirectory poolDirectory, Guid sessionId, IWorkspaceFilesystems filesystems)
    {
        var name = NameOf(sessionId);
        var path = PathFor(sessionId);
        var poolPath = PoolPathFor(poolId);
        // callers hold the session's gate: nothing writes to the session's workspace meanwhile but this
        using (var existing = OpenExisting(sessionId))
        {
            existing?.CopyEntriesTo(poolDirectory);
        }
        lock (_mountLock)
        {
            if (!_mounted.Contains(poolPath))
            {
                throw new IOException($"The warm workspace {poolId} is not mounted.");
            }
            // the session's image stays until the warm filesystem is in place: a failure up to the move leaves it
            // to be mounted again on the next open
            if (_mounted.Remove(path))
            {
                filesystems.Unmount(path);
            }
            _rootDirectory.Delete(name);
            _rootDirectory.CreateDirectory(name).Dispose();
            filesystems.Move(poolPath, path);
            _mounted.Remove(poolPath);
            _mounted.Add(path);
            // rename(2) replaces the session's old image in one step
            File.Move(ImagePath(PoolImagePrefix + poolId), ImagePath(name), overwrite: true);
            _poolDirectory.Delete(poolId);
        }
    }

    private string ImagePath(string name) => Path.Combine(_root, ImagesName, name + ".img");

    private static string NameOf(Guid sessionId) => sessionId.ToString("N");
}
