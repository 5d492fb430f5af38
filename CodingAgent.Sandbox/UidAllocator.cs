namespace CodingAgent.Sandbox;

/// <summary>
/// Host uids for kernels, one per live kernel, from a fixed range — unique across every app instance on the host:
/// a uid is held through an exclusive lock on a file named after it, which the OS releases if the process dies.
/// (Two kernels sharing a uid would share its process limit and could signal each other's processes.)
/// </summary>
internal sealed class UidAllocator(int start, int size, string lockDirectory)
{
    private readonly Dictionary<int, FileStream> _held = [];
    private readonly Lock _gate = new();
    private int _next = Random.Shared.Next(size);
    private string? _directory;

    public int Allocate()
    {
        lock (_gate)
        {
            // root-owned and private: a local user who created the folder first could otherwise point the locks elsewhere
            _directory ??= PrivateDirectory.Ensure(lockDirectory);
            for (var i = 0; i < size; i++)
            {
                var uid = start + (_next++ % size);
                if (_held.ContainsKey(uid))
                {
                    continue;
                }
                try
                {
                    _held[uid] = new FileStream(Path.Combine(_directory, uid + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return uid;
                }
                catch (IOException)
                {
                    // held by another instance on this host
                }
            }
        }
        throw new InvalidOperationException($"All {size} sandbox uids from {start} are in use on this host.");
    }

    public void Release(int? uid)
    {
        if (uid is { } value)
        {
            lock (_gate)
            {
                if (_held.Remove(value, out var held))
                {
                    held.Dispose();
                }
            }
        }
    }
}
