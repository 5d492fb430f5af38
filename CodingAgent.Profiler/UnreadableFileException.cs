namespace CodingAgent.Profiler;

/// <summary>The file cannot be profiled; the message says why for people (and the line, when known).</summary>
internal sealed class UnreadableFileException(string message) : Exception(message);
