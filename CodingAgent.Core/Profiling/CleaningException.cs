namespace CodingAgent.Core.Profiling;

/// <summary>
/// A cleaning could not run; the message says why, for people. <see cref="NotFound"/>: no such file;
/// <see cref="NotReady"/>: the file's profile is still pending or failed.
/// </summary>
public sealed class CleaningException(string message, bool notFound = false) : Exception(message)
{
    public bool NotFound { get; } = notFound;

    public bool NotReady { get; init; }

    /// <summary>The request itself is wrong (no finding chosen, an unknown finding id).</summary>
    public bool BadRequest { get; init; }
}
