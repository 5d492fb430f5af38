namespace CodingAgent.Web.Tables;

/// <summary>A window of a query's rows, and how many rows pass its filters in all.</summary>
public sealed record TableRows(long MatchedRowCount, int Offset, IReadOnlyList<object?[]> Rows);
