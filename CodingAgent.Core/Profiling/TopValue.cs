namespace CodingAgent.Core.Profiling;

public sealed record TopValue(string Value, long Count);
