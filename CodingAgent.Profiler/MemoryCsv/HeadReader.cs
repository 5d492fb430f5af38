namespace CodingAgent.Profiler;

/// <summary>What a file's first bytes tell, told while the rest is read (<see cref="PagedIn.ReadAllBytes{T}"/>).</summary>
/// <param name="head">The file's first bytes.</param>
/// <param name="whole">Whether they are the whole file.</param>
internal delegate T HeadReader<out T>(ReadOnlySpan<byte> head, bool whole);
