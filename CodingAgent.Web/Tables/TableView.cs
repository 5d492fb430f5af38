using System.Globalization;
using CodingAgent.Web.Api;

namespace CodingAgent.Web.Tables;

/// <summary>
/// The state of one table grid: the query (window, sort, filters), the page it got, and what the user did wrong
/// (a readable message; the last good page stays). Every change asks <see cref="ITablePages"/> for one page.
/// </summary>
public sealed class TableView(ITablePages pages, Guid artifactId, int pageSize = TableView.DefaultPageSize)
{
    public const int DefaultPageSize = 100;
    private readonly Dictionary<string, string> _filterTexts = new(StringComparer.Ordinal);
    private int _version;

    public Guid ArtifactId => artifactId;
    public int PageSize => pageSize;
    public TableQuery Query { get; private set; } = new(0, pageSize);
    public TablePage? Page { get; private set; }
    public IReadOnlyList<TableColumn> Columns { get; private set; } = [];

    /// <summary>A problem with the last request (a bad filter, a vanished table), or null.</summary>
    public string? Error { get; private set; }

    /// <summary>True once the table turned out to be gone.</summary>
    public bool IsMissing { get; private set; }

    /// <summary>The 1-based number of the row the user jumped to, while it is on the page (highlighted).</summary>
    public long? JumpedRow { get; private set; }

    public long MatchedRowCount => Page?.MatchedRowCount ?? 0;
    public long FirstRowNumber => Page is { Rows.Count: > 0 } page ? page.Offset + 1 : 0;
    public long LastRowNumber => Page is { } page ? page.Offset + page.Rows.Count : 0;
    public bool CanGoBack => Query.Offset > 0;
    public bool CanGoForward => Query.Offset + pageSize < MatchedRowCount;

    public string FilterText(string column) => _filterTexts.GetValueOrDefault(column, "");

    public Task LoadAsync(CancellationToken cancellationToken = default) => RunAsync(Query, cancellationToken);

    /// <summary>Cycles the column's sort: ascending, descending, then none; back to the first row.</summary>
    public Task SortAsync(string column, CancellationToken cancellationToken = default)
    {
        var query = Query.Sort != column ? Query with { Sort = column, Descending = false }
            : !Query.Descending ? Query with { Descending = true }
            : Query with { Sort = null, Descending = false };
        return RunAsync(query with { Offset = 0 }, cancellationToken);
    }

    /// <summary>Sets what the column's filter box holds (<see cref="TableFilterText"/>); blank removes its filter.</summary>
    public async Task FilterAsync(string column, string? text, CancellationToken cancellationToken = default)
    {
        var definition = Columns.FirstOrDefault(c => c.Name == column);
        if (definition is null)
        {
            return;
        }
        TableFilter? filter;
        try
        {
            filter = TableFilterText.Parse(definition, text);
        }
        catch (TableQueryException ex)
        {
            _filterTexts[column] = text ?? "";
            Error = ex.Message;
            return;
        }
        _filterTexts[column] = text ?? "";
        var filters = Query.Filters.Where(f => f.Column != column).ToList();
        if (filter is not null)
        {
            filters.Add(filter);
        }
        await RunAsync(Query with { Offset = 0, Filters = filters }, cancellationToken);
    }

    public Task MoveAsync(int pagesForward, CancellationToken cancellationToken = default) =>
        GoToOffsetAsync(Query.Offset + (long)pagesForward * pageSize, cancellationToken);

    public Task FirstAsync(CancellationToken cancellationToken = default) => GoToOffsetAsync(0, cancellationToken);

    public Task LastAsync(CancellationToken cancellationToken = default) =>
        GoToOffsetAsync(Math.Max(0, MatchedRowCount - 1) / pageSize * pageSize, cancellationToken);

    /// <summary>Shows row <paramref name="rowNumber"/> (1-based, in the current sort and filters) at the top of the page.</summary>
    public async Task JumpToRowAsync(long rowNumber, CancellationToken cancellationToken = default)
    {
        if (rowNumber < 1 || (Page is not null && rowNumber > MatchedRowCount))
        {
            Error = $"There is no row {rowNumber.ToString("N0", CultureInfo.InvariantCulture)}: the table shows {MatchedRowCount.ToString("N0", CultureInfo.InvariantCulture)} rows.";
            return;
        }
        await GoToOffsetAsync(rowNumber - 1, cancellationToken);
        JumpedRow = rowNumber;
    }

    /// <summary>The download of every row in the current sort and through the current filters (the whole table when there are none).</summary>
    public string DownloadUrl(string format)
    {
        var parts = new List<string> { "format=" + format };
        if (Query.Sort is { } sort)
        {
            parts.Add("sort=" + Uri.EscapeDataString(sort));
            parts.Add("desc=" + (Query.Descending ? "true" : "false"));
        }
        parts.AddRange(Query.Filters.Select(f => "filter=" + Uri.EscapeDataString(f.ToString())));
        return $"/api/artifacts/{artifactId}/content?{string.Join('&', parts)}";
    }

    private Task GoToOffsetAsync(long offset, CancellationToken cancellationToken) =>
        RunAsync(Query with { Offset = (int)Math.Clamp(offset, 0, int.MaxValue) }, cancellationToken);

    private async Task RunAsync(TableQuery query, CancellationToken cancellationToken)
    {
        var version = ++_version;
        TablePage? page;
        try
        {
            page = await pages.GetPageAsync(artifactId, query, cancellationToken);
        }
        catch (TableQueryException ex)
        {
            Error = ex.Message;
            return;
        }
        if (version != _version)
        {
            return; // a later request superseded this one
        }
        JumpedRow = null;
        if (page is null)
        {
            IsMissing = true;
            Error = "The table is no longer stored.";
            return;
        }
        Error = null;
        Query = query;
        Page = page;
        if (Columns.Count != page.Columns.Count)
        {
            Columns = [.. page.Columns.Select(c => new TableColumn(c.Name, c.Dtype))];
        }
    }
}
