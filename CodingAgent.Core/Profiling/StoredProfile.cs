namespace CodingAgent.Core.Profiling;

/// <summary>The profile of one file version as stored: the whole <see cref="FileProfile"/> is kept as JSON.</summary>
public sealed record StoredProfile(Guid SessionId, string Name, int Version, FileProfile Profile, DateTimeOffset UpdatedAt);
