namespace CodingAgent.Sandbox;

/// <summary>What the host found once an execution ended: lines for the cell's stderr, and whether the workspace is over its quota.</summary>
internal sealed record ExecutionAftermath(IReadOnlyList<string> Notices, bool QuotaExceeded);
