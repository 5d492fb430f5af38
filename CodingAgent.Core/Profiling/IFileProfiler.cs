namespace CodingAgent.Core.Profiling;

/// <summary>
/// Profiles a file outside the app's process, confined like the sandbox: a parser crash, a hang or an exploit in a
/// hostile file fails that profile and nothing else.
/// </summary>
public interface IFileProfiler
{
    /// <param name="path">The content, at a host path no sandbox can write to.</param>
    /// <param name="fileName">The file's name in the workspace: its extension picks the reader, its stem names the tables.</param>
    /// <param name="progress">Receives 0..1 as the profile advances.</param>
    /// <returns>A ready or failed profile; failures of the file are results, not exceptions.</returns>
    Task<FileProfile> ProfileAsync(string path, string fileName, IProgress<double>? progress, CancellationToken cancellationToken);
}
