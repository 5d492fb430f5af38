using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CodingAgent.Web.Tables;

/// <summary>
/// Builds a query store file from a table artifact's blobs: the whole rows (<c>BlobKeys.ArtifactRows</c>: gzip of a
/// <c>{ columns, rowCount }</c> line and lines of JSON row arrays) when the kernel sent them, else the stored JSON
/// (<c>{ columns, rowCount, rows }</c>: the preview, which is every row of a small table and of an old artifact).
/// Both were written by hostile code: rows are cut or padded to the columns, cells of other shapes kept as their JSON text.
/// </summary>
internal static class TableImporter
{
    /// <summary>SQLite allows 2,000 columns; a wider table keeps its first ones.</summary>
    public const int MaxColumns = 1000;

    public static async Task<(IReadOnlyList<TableColumn> Columns, long RowCount, long StoredRowCount)> FromRowsAsync(Stream gzip, string path, CancellationToken cancellationToken)
    {
        await using var unzipped = new GZipStream(gzip, CompressionMode.Decompress);
        using var reader = new StreamReader(unzipped, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var header = await reader.ReadLineAsync(cancellationToken) ?? throw new InvalidDataException("the table's rows are empty");
        using var head = JsonDocument.Parse(header);
        var columns = Columns(head.RootElement);
        using var writer = new Writer(path, columns);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            using var chunk = JsonDocument.Parse(line);
            writer.AddRows(chunk.RootElement, cancellationToken);
        }
        return (columns, RowCount(head.RootElement, writer.Count), writer.Commit());
    }

    public static async Task<(IReadOnlyList<TableColumn> Columns, long RowCount, long StoredRowCount)> FromContentAsync(Stream json, string path, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(json, cancellationToken: cancellationToken);
        var root = document.RootElement;
        var columns = Columns(root);
        using var writer = new Writer(path, columns);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rows", out var rows))
        {
            writer.AddRows(rows, cancellationToken);
        }
        return (columns, RowCount(root, writer.Count), writer.Commit());
    }

    private static List<TableColumn> Columns(JsonElement root)
    {
        var columns = new List<TableColumn>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("columns", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var column in list.EnumerateArray().Take(MaxColumns))
            {
                columns.Add(column.ValueKind == JsonValueKind.Object
                    ? new TableColumn(Text(column, "name") ?? $"column {columns.Count}", Text(column, "dtype") ?? "object")
                    : new TableColumn(column.ValueKind == JsonValueKind.String ? column.GetString()! : column.GetRawText(), "object"));
            }
        }
        return columns;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    private static long RowCount(JsonElement root, long stored) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rowCount", out var count) && count.TryGetInt64(out var rows) && rows >= stored ? rows : stored;

    /// <summary>Inserts rows into a new store file in one transaction, without a journal (the file is not in use until it is renamed into place).</summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction _transaction;
        private readonly SqliteCommand _insert;
        private readonly IReadOnlyList<TableColumn> _columns;

        public Writer(string path, IReadOnlyList<TableColumn> columns)
        {
            _columns = columns;
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
            _connection.Open();
            Execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;");
            var definitions = columns.Count == 0 ? "c0" : string.Join(", ", columns.Select((c, i) => TableSql.Column(i) + TableSql.Affinity(c.Kind)));
            Execute($"CREATE TABLE t ({definitions})");
            _transaction = _connection.BeginTransaction();
            _insert = _connection.CreateCommand();
            _insert.Transaction = _transaction;
            var count = Math.Max(1, columns.Count);
            _insert.CommandText = $"INSERT INTO t VALUES ({string.Join(", ", Enumerable.Range(0, count).Select(i => "@" + TableSql.Column(i)))})";
            for (var i = 0; i < count; i++)
            {
                _insert.Parameters.Add(new SqliteParameter("@" + TableSql.Column(i), null));
            }
            _insert.Prepare();
        }

        public long Count { get; private set; }

        public void AddRows(JsonElement rows, CancellationToken cancellationToken)
        {
            if (rows.ValueKind != JsonValueKind.Array || _columns.Count == 0)
            {
                return;
            }
            foreach (var row in rows.EnumerateArray())
            {
                if ((Count & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                var i = 0;
                if (row.ValueKind == JsonValueKind.Array)
                {
                    foreach (var cell in row.EnumerateArray())
                    {
                        if (i == _columns.Count)
                        {
                            break;
                        }
                        _insert.Parameters[i++].Value = Value(cell);
                    }
                }
                for (; i < _columns.Count; i++)
                {
                    _insert.Parameters[i].Value = DBNull.Value;
                }
                _insert.ExecuteNonQuery();
                Count++;
            }
        }

        /// <summary>Commits and returns the number of rows stored.</summary>
        public long Commit()
        {
            _transaction.Commit();
            Execute("PRAGMA journal_mode=DELETE;");
            return Count;
        }

        public void Dispose()
        {
            _insert.Dispose();
            _transaction.Dispose();
            _connection.Dispose();
        }

        private static object Value(JsonElement cell) => cell.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => DBNull.Value,
            JsonValueKind.True => 1L,
            JsonValueKind.False => 0L,
            JsonValueKind.Number => cell.TryGetInt64(out var integer) ? integer : cell.TryGetDouble(out var real) ? real : cell.GetRawText(),
            JsonValueKind.String => cell.GetString()!,
            _ => cell.GetRawText(),
        };

        private void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
