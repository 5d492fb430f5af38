namespace CodingAgent.Core.Profiling;

/// <summary>A cleaning could not run; the message says why, for people. <see cref="NotFound"/>: no such file.</summary>
public sealed class CleaningException(string message, bool notFound = false) : Exception(message)
{
    public bool NotFound { get; } = notFound;
}
