namespace CodingAgent.Tests.Profiling;

/// <summary>What a DataFrame looked like after cleaning code ran: its size, columns, duplicates, and one column's dtype and values as text.</summary>
public sealed record PandasResult(int Rows, IReadOnlyList<string> Columns, int Duplicates, string? Dtype, IReadOnlyList<string?>? Values);
