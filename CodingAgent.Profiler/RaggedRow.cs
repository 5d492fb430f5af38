namespace CodingAgent.Profiler;

/// <summary>A record whose field count differs from the header's: at line <see cref="Line"/> (1-based, header included).</summary>
internal sealed record RaggedRow(long Line, int Fields, int Expected);
