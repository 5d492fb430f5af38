namespace CodingAgent.Sandbox.Workspace;

/// <summary>
/// Filesystem images that hold workspaces: one ext4 image per workspace, of the quota's size, loop-mounted on the
/// workspace directory, so writes past the quota fail with ENOSPC in the filesystem itself. Paths are the app's own
/// (images and mount points below the workspace root, which no sandbox sees).
/// </summary>
internal interface IWorkspaceFilesystems
{
    /// <summary>Creates a sparse image of <paramref name="bytes"/> at <paramref name="image"/> and makes an empty ext4 filesystem in it.</summary>
    void Create(string image, long bytes);

    /// <summary>Loop-mounts <paramref name="image"/> on <paramref name="mountPoint"/> (nosuid, nodev, noexec).</summary>
    void Mount(string image, string mountPoint);

    /// <summary>Moves the mount at <paramref name="from"/> to <paramref name="to"/> (processes that bound it keep it).</summary>
    void Move(string from, string to);

    /// <summary>Detaches the mount at <paramref name="mountPoint"/> (lazily: it goes once nothing uses it).</summary>
    void Unmount(string mountPoint);

    /// <summary>
    /// Mount points below <paramref name="root"/> (not the root itself, which may be a volume of its own) in this
    /// process's mount namespace, deepest first.
    /// </summary>
    IReadOnlyList<string> MountsUnder(string root);
}
