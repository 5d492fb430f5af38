namespace CodingAgent.Core.Profiling;

/// <summary>The profiles of a session's files and the cleaning steps their findings propose (what the API and the page use).</summary>
public interface IFileProfiles
{
    /// <summary>
    /// The profile of version <paramref name="version"/> (null: the current one) of <paramref name="name"/>; pending
    /// while it is made (profiling starts on upload, or now for a file that has none). Null when there is no such file.
    /// </summary>
    /// <exception cref="Runs.SessionNotFoundException">There is no such session.</exception>
    Task<FileProfile?> GetAsync(Guid sessionId, string name, int? version, CancellationToken cancellationToken);

    /// <summary>Runs the steps of <paramref name="findingIds"/> on a sample of the current version in the session's sandbox; nothing is stored.</summary>
    /// <exception cref="CleaningException">No such file or finding, the profile is not ready, or the script failed.</exception>
    Task<CleaningPreview> PreviewCleaningAsync(Guid sessionId, string name, IReadOnlyList<string> findingIds, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the steps of <paramref name="findingIds"/> as one pandas script in the session's sandbox; the result becomes
    /// the file's next version (the original stays), the script is recorded in the session's history, and the new
    /// version is profiled before this returns.
    /// </summary>
    /// <exception cref="CleaningException">No such file or finding, the profile is not ready, or the script failed.</exception>
    Task<CleaningResult> CleanAsync(Guid sessionId, string name, IReadOnlyList<string> findingIds, CancellationToken cancellationToken);
}
