using System.Globalization;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Tables;

namespace CodingAgent.Tests.Tables;

/// <summary>
/// A generated table artifact: <c>id</c> (0, 1, …), <c>name</c> (<c>item-i</c>, every thousandth a formula), <c>value</c>
/// (a permutation of tenths), <c>when</c> (a minute apart from 2020-01-01), <c>cat</c> (a/b/c, every tenth null), <c>flag</c>.
/// </summary>
public static class GeneratedTable
{
    public static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("id", "int64"), new("name", "object"), new("value", "float64"), new("when", "datetime64[ns]"), new("cat", "object"), new("flag", "bool"),
    ];

    private static readonly DateTime _start = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static object?[] Row(long i) =>
    [
        i,
        i % 1000 == 7 ? "=cmd|' /C calc'!A" + i.ToString(CultureInfo.InvariantCulture) : "item-" + i.ToString(CultureInfo.InvariantCulture),
        i * 7919 % 1_000_003 / 10.0,
        _start.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture),
        i % 10 == 0 ? null : (i % 3) switch { 0 => "a", 1 => "b", _ => "c" },
        i % 2 == 0,
    ];

    public static IEnumerable<object?[]> Rows(long count)
    {
        for (var i = 0L; i < count; i++)
        {
            yield return Row(i);
        }
    }

    /// <summary>Stores a table artifact of <paramref name="rowCount"/> rows: a preview of the first <paramref name="previewRows"/> and, when that is not all, the whole rows.</summary>
    public static async Task<Artifact> StoreAsync(IBlobStore blobs, long rowCount, int previewRows = 1000, string name = "table-1.json")
    {
        var artifact = new Artifact { Id = Guid.NewGuid(), SessionId = Guid.NewGuid(), Kind = ArtifactKinds.Table, Name = name, CreatedAt = DateTimeOffset.UnixEpoch };
        var preview = new { columns = Columns.Select(c => new { name = c.Name, dtype = c.Dtype }), rowCount, rows = Rows(Math.Min(rowCount, previewRows)) };
        using (var content = new MemoryStream(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(preview)))
        {
            await blobs.PutAsync(BlobKeys.Artifact(artifact.SessionId, artifact.Id), content, CancellationToken.None);
        }
        if (rowCount > previewRows)
        {
            using var rows = new MemoryStream();
            await TableRowsFormat.WriteAsync(rows, Columns, rowCount, Rows(rowCount), CancellationToken.None);
            rows.Position = 0;
            await blobs.PutAsync(BlobKeys.ArtifactRows(artifact.SessionId, artifact.Id), rows, CancellationToken.None);
        }
        return artifact;
    }
}
