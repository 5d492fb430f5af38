namespace CodingAgent.Core.Profiling;

/// <summary>A quality problem and the cleaning step that fixes it.</summary>
/// <param name="Id">Stable for the same problem in the same file: <c>kind:table:column</c>.</param>
/// <param name="Kind">One of <see cref="FindingKinds"/>.</param>
/// <param name="Column">The column, or null for a table-wide finding.</param>
/// <param name="Message">What is wrong, for people.</param>
/// <param name="Code">pandas code that fixes it, acting on the DataFrame <c>df</c> of the table.</param>
/// <param name="Rows">Rows the problem touches.</param>
public sealed record ProfileFinding(string Id, string Kind, string Table, string? Column, string Message, string Code, long Rows);
