using System.Text.Json;
using System.Text.Json.Nodes;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Api;

/// <summary>A page of a table artifact's rows: <c>{ columns, rowCount, storedRowCount, offset, rows }</c>.</summary>
public sealed record TablePage(JsonArray Columns, long RowCount, int StoredRowCount, int Offset, JsonArray Rows)
{
    public const int MaxLimit = 1000;

    public static async Task<TablePage?> LoadAsync(IBlobStore blobs, Artifact artifact, int offset, int limit, CancellationToken cancellationToken)
    {
        if (await ReadTableAsync(blobs, artifact, cancellationToken) is not { } table)
        {
            return null;
        }
        var rows = table["rows"]!.AsArray();
        var page = new JsonArray([.. rows.Skip(offset).Take(limit).Select(r => r?.DeepClone())]);
        return new TablePage(
            (JsonArray)table["columns"]!.DeepClone(),
            table["rowCount"]?.GetValue<long>() ?? rows.Count,
            rows.Count,
            offset,
            page);
    }

    /// <summary>The stored table (<c>{ columns, rowCount, rows }</c>), or null when its content is no longer stored.</summary>
    public static async Task<JsonObject?> ReadTableAsync(IBlobStore blobs, Artifact artifact, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(BlobKeys.Artifact(artifact.SessionId, artifact.Id), cancellationToken);
        return stream is null ? null : (await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken))!.AsObject();
    }
}
