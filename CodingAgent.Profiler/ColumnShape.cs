namespace CodingAgent.Profiler;

/// <summary>A column after the first pass: its final type and what the second pass counts exactly.</summary>
/// <param name="Categories">Few distinct texts: every value is counted (exact top values, case variants).</param>
/// <param name="ExactDistinct">The distinct count is made exact (the table fits the sample, values repeat, or a likely key); else approximate.</param>
internal sealed record ColumnShape(ColumnPlan Plan, string Type, bool Categories, bool ExactDistinct, bool KeyCandidate);
