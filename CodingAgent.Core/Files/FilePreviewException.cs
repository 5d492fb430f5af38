namespace CodingAgent.Core.Files;

/// <summary>A file that pandas cannot read as a table (or that cannot be previewed now); the message says why, in words.</summary>
public sealed class FilePreviewException(string message, bool busy = false) : Exception(message)
{
    /// <summary>True when the session's kernel was busy for too long: try again later (not a property of the file).</summary>
    public bool Busy { get; } = busy;
}
