namespace CodingAgent.Core.Ports;

/// <summary>
/// Files in a session's workspace, the directory its kernel works in. The workspace belongs to code that is hostile:
/// an implementation never follows a link there and never acts on a path by name where code could swap it.
/// </summary>
public interface IWorkspaceFiles
{
    /// <summary>
    /// Writes <paramref name="content"/> as the file <paramref name="name"/> (one plain file name), replacing whatever
    /// is at that name (a file, a link or a folder, none of them followed). While the session's kernel runs, the file
    /// belongs to the kernel's user.
    /// </summary>
    /// <exception cref="WorkspaceConflictException">Code in the sandbox kept replacing the file while it was placed.</exception>
    Task PutFileAsync(Guid sessionId, string name, Stream content, CancellationToken cancellationToken);

    /// <summary>What is at <paramref name="name"/> (a link is reported as a link, never followed), or null if nothing is.</summary>
    Task<WorkspaceFileInfo?> GetFileAsync(Guid sessionId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes what is at <paramref name="name"/> (one plain file name) in the session's workspace: a file, a link
    /// (never followed) or a folder; nothing happens when the session has no workspace here or nothing is there.
    /// </summary>
    Task DeleteFileAsync(Guid sessionId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the regular file at <paramref name="name"/> (one plain file name) for reading, without following a link
    /// or waiting on a FIFO; null when nothing is there.
    /// </summary>
    /// <exception cref="IOException">What is there is not a regular file, or it is larger than <paramref name="maxBytes"/>.</exception>
    Task<Stream?> OpenFileAsync(Guid sessionId, string name, long maxBytes, CancellationToken cancellationToken);
}
