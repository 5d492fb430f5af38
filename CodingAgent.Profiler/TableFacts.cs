using CodingAgent.Core.Profiling;

namespace CodingAgent.Profiler;

/// <summary>A table's profile and the facts about its profiled columns.</summary>
internal sealed record TableFacts(TableProfile Profile, IReadOnlyList<ColumnFacts> Columns);
