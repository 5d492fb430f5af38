namespace CodingAgent.Sandbox.Profiling;

/// <summary>How a profiler worker ended.</summary>
/// <param name="ExitCode">Its exit code (128 + the signal when a signal killed it), or null if unknown.</param>
/// <param name="OutOfMemory">The out-of-memory killer stopped it (its cgroup says so, or the container engine does).</param>
/// <param name="LastLine">The last non-empty line it wrote to stderr, unscrubbed, or null.</param>
internal sealed record ProfilerExit(int? ExitCode, bool OutOfMemory, string? LastLine);
