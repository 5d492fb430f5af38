using CodingAgent.Tests.Tables;
using CodingAgent.Web.Api;
using CodingAgent.Web.Tables;

namespace CodingAgent.Tests.Components;

/// <summary>A 1,000,000-row generated table that records every query the grid asks (rows by offset; sort and filters only recorded).</summary>
public sealed class RecordingTablePages : ITablePages
{
    public const long RowCount = 1_000_000;

    public List<TableQuery> Queries { get; } = [];

    public Task<TablePage?> GetPageAsync(Guid artifactId, TableQuery query, CancellationToken cancellationToken)
    {
        Queries.Add(query);
        var matched = query.Filters.Count == 0 ? RowCount : 1234;
        var rows = Enumerable.Range(0, (int)Math.Max(0, Math.Min(query.Limit, matched - query.Offset))).Select(i => GeneratedTable.Row(query.Offset + i)).ToList();
        return Task.FromResult<TablePage?>(new TablePage([.. GeneratedTable.Columns.Select(c => new TableColumnDto(c.Name, c.Dtype))], RowCount, RowCount, query.Offset, rows, matched));
    }
}
