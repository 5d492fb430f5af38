using CodingAgent.Web.Tables;

namespace CodingAgent.Web.Api;

/// <summary>
/// A page of a table artifact's rows: <c>{ columns, rowCount, storedRowCount, offset, rows, matchedRowCount }</c>.
/// <c>matchedRowCount</c> (added) counts the rows that pass the query's filters (all stored rows without filters).
/// </summary>
public sealed record TablePage(IReadOnlyList<TableColumnDto> Columns, long RowCount, long StoredRowCount, int Offset, IReadOnlyList<object?[]> Rows, long MatchedRowCount)
{
    public const int MaxLimit = TableQuery.MaxLimit;

    public static TablePage From(TableData table, TableRows rows) =>
        new([.. table.Columns.Select(c => new TableColumnDto(c.Name, c.Dtype))], table.RowCount, table.StoredRowCount, rows.Offset, rows.Rows, rows.MatchedRowCount);
}
