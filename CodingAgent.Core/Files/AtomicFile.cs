namespace CodingAgent.Core.Files;

/// <summary>
/// Writes a file whole or not at all: into a new temporary file beside it (a short name of its own, created
/// exclusively, with the given mode exactly whatever the umask), then renamed over the target, so that a reader sees
/// the old file or the new one whole. A failure or cancellation removes the temporary file. For folders of the app's
/// own only: never in a folder that sandboxed code can write (that takes handle-relative calls, see docs/security.md).
/// </summary>
public static class AtomicFile
{
    /// <summary>Owner read and write: what a file written here gets unless the caller says otherwise.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task WriteAsync(string path, Stream content, CancellationToken cancellationToken, UnixFileMode mode = OwnerOnly)
    {
        var temporary = TemporaryPathBeside(path);
        try
        {
            await using (var target = Create(temporary, mode, useAsync: true))
            {
                await content.CopyToAsync(target, cancellationToken);
            }
            Place(temporary, path, mode);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode = OwnerOnly)
    {
        var temporary = TemporaryPathBeside(path);
        try
        {
            using (var target = Create(temporary, mode, useAsync: false))
            {
                target.Write(content);
            }
            Place(temporary, path, mode);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // the target's own name may already be as long as a file name can be
    private static string TemporaryPathBeside(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, ".tmp-" + Guid.NewGuid().ToString("N"));

    private static FileStream Create(string temporary, UnixFileMode mode, bool useAsync) => new(temporary, new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        UnixCreateMode = mode,
        Options = useAsync ? System.IO.FileOptions.Asynchronous : System.IO.FileOptions.None,
        BufferSize = 81920,
    });

    private static void Place(string temporary, string path, UnixFileMode mode)
    {
        // the mode exactly, whatever the process's umask took away at creation
        File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }
}
