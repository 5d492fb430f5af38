namespace CodingAgent.Core.Profiling;

/// <summary>The version a cleaning wrote, the script that wrote it, and that version's profile.</summary>
public sealed record CleaningResult(string Name, int Version, string Code, FileProfile Profile);
