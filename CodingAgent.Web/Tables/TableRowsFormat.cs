using System.IO.Compression;
using System.Text.Json;

namespace CodingAgent.Web.Tables;

/// <summary>
/// The whole-rows blob of a table artifact as the kernel writes it (<c>table_rows_blob</c> in kernel.py): gzip of UTF-8
/// lines, first <c>{ "columns": [ { "name", "dtype" } ], "rowCount" }</c>, then JSON arrays of up to
/// <see cref="ChunkRows"/> rows each. Written here for tools and tests that make such tables without a kernel.
/// </summary>
public static class TableRowsFormat
{
    public const int ChunkRows = 50_000;

    public static async Task WriteAsync(Stream output, IReadOnlyList<TableColumn> columns, long rowCount, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        await using (var header = new Utf8JsonWriter(gzip))
        {
            JsonSerializer.Serialize(header, new { columns = columns.Select(c => new { name = c.Name, dtype = c.Dtype }), rowCount });
        }
        gzip.WriteByte((byte)'\n');
        foreach (var chunk in rows.Chunk(ChunkRows))
        {
            await using (var writer = new Utf8JsonWriter(gzip))
            {
                JsonSerializer.Serialize(writer, chunk);
            }
            gzip.WriteByte((byte)'\n');
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
