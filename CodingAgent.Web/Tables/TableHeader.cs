using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CodingAgent.Web.Tables;

/// <summary>What a query store file knows of its table besides the rows, kept in its <c>meta</c> table.</summary>
internal sealed record TableHeader(IReadOnlyList<TableColumn> Columns, long RowCount, long StoredRowCount)
{
    public static async Task WriteAsync(string path, TableHeader header, CancellationToken cancellationToken)
    {
        await using var connection = Open(path);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE meta (columns TEXT NOT NULL, row_count INTEGER NOT NULL, stored_row_count INTEGER NOT NULL); INSERT INTO meta VALUES (@columns, @rows, @stored)";
        command.Parameters.AddWithValue("@columns", JsonSerializer.Serialize(header.Columns.Select(c => new[] { c.Name, c.Dtype })));
        command.Parameters.AddWithValue("@rows", header.RowCount);
        command.Parameters.AddWithValue("@stored", header.StoredRowCount);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The header of a complete store, or null when the file is not one (then it is built again).</summary>
    public static async Task<TableHeader?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = Open(path);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT columns, row_count, stored_row_count FROM meta";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            var columns = JsonSerializer.Deserialize<string[][]>(reader.GetString(0)) ?? [];
            return new TableHeader([.. columns.Select(c => new TableColumn(c[0], c[1]))], reader.GetInt64(1), reader.GetInt64(2));
        }
        catch (Exception ex) when (ex is SqliteException or JsonException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static SqliteConnection Open(string path) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
}
