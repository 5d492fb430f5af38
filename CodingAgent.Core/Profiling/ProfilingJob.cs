namespace CodingAgent.Core.Profiling;

/// <summary>One file version to profile.</summary>
public sealed record ProfilingJob(Guid SessionId, string Name, int Version);
