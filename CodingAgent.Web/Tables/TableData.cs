using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace CodingAgent.Web.Tables;

/// <summary>
/// One table artifact's query store (a SQLite file in the local cache, built by <see cref="TableStore"/>): pages,
/// counts and whole-table reads in any sort order and through any filters, never more than a page in memory.
/// Cells come back as <see cref="long"/>, <see cref="double"/>, <see cref="string"/>, <see cref="bool"/> or null.
/// </summary>
public sealed class TableData
{
    private const int MaxCachedCounts = 64;
    private readonly string _connectionString;
    private readonly ConcurrentDictionary<int, Lazy<Task>> _indexes = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    internal TableData(string path, IReadOnlyList<TableColumn> columns, long rowCount, long storedRowCount)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ToString();
        Columns = columns;
        RowCount = rowCount;
        StoredRowCount = storedRowCount;
    }

    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>Rows of the DataFrame the table was made from.</summary>
    public long RowCount { get; }

    /// <summary>Rows the store holds: all of them when the kernel sent the whole table, else the artifact's stored preview.</summary>
    public long StoredRowCount { get; }

    /// <exception cref="TableQueryException">The query names a column the table lacks.</exception>
    public async Task<TableRows> QueryAsync(TableQuery query, CancellationToken cancellationToken)
    {
        var sort = await SortColumnAsync(query.Sort, cancellationToken);
        var matched = await CountAsync(query.Filters, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = TableSql.Where(query.Filters, Columns, command);
        command.CommandText = $"SELECT * FROM t{where}{TableSql.OrderBy(sort, query.Descending)} LIMIT @limit OFFSET @offset";
        command.Parameters.AddWithValue("@limit", query.Limit);
        command.Parameters.AddWithValue("@offset", query.Offset);
        var rows = new List<object?[]>(Math.Min(query.Limit, TableQuery.MaxLimit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadRow(reader));
        }
        return new TableRows(matched, query.Offset, rows);
    }

    /// <summary>How many rows pass every filter (remembered per filter set).</summary>
    public async Task<long> CountAsync(IReadOnlyList<TableFilter> filters, CancellationToken cancellationToken)
    {
        if (filters.Count == 0)
        {
            return StoredRowCount;
        }
        var key = string.Join('\n', filters.Select(f => f.ToString()));
        if (_counts.TryGetValue(key, out var known))
        {
            return known;
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM t" + TableSql.Where(filters, Columns, command);
        var count = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (_counts.Count >= MaxCachedCounts)
        {
            _counts.Clear();
        }
        _counts[key] = count;
        return count;
    }

    /// <summary>Every row that passes the filters, in order, read as the caller goes (for downloads).</summary>
    public async IAsyncEnumerable<object?[]> ReadAllAsync(string? sort, bool descending, IReadOnlyList<TableFilter> filters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sortColumn = await SortColumnAsync(sort, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM t" + TableSql.Where(filters, Columns, command) + TableSql.OrderBy(sortColumn, descending);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadRow(reader);
        }
    }

    /// <summary>The sort column's index, after making sure the store has an index on it (made on first use, kept in the file).</summary>
    private async Task<int?> SortColumnAsync(string? sort, CancellationToken cancellationToken)
    {
        if (sort is null)
        {
            return null;
        }
        var index = TableSql.IndexOf(Columns, sort);
        var creation = _indexes.GetOrAdd(index, i => new Lazy<Task>(() => CreateIndexAsync(i)));
        try
        {
            await creation.Value.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is SqliteException)
        {
            _indexes.TryRemove(index, out _);
            throw;
        }
        return index;
    }

    private async Task CreateIndexAsync(int index)
    {
        // not cancelled with the request that asked first: others may wait for it, and it serves every later sort
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE INDEX IF NOT EXISTS i{index} ON t({TableSql.Column(index)})";
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private object?[] ReadRow(SqliteDataReader reader)
    {
        var row = new object?[Columns.Count];
        for (var i = 0; i < row.Length; i++)
        {
            var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
            row[i] = Columns[i].Kind == TableColumnKind.Boolean && value is long flag ? flag != 0 : value;
        }
        return row;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
