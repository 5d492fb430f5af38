using System.Text.Json;
using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Components.Chat;

public sealed record TableColumn(string Name, string Dtype);

/// <summary>The first rows of a table artifact, as text cells for display.</summary>
public sealed record TableData(IReadOnlyList<TableColumn> Columns, long RowCount, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public static async Task<(TableData? Table, string? Error)> LoadAsync(ISessionRepository sessions, IBlobStore blobs, Guid artifactId, int maxRows, CancellationToken cancellationToken = default)
    {
        if (await sessions.GetArtifactAsync(artifactId, cancellationToken) is not { } artifact)
        {
            return (null, "The table no longer exists.");
        }
        await using var stream = await blobs.OpenReadAsync(BlobKeys.Artifact(artifact.SessionId, artifact.Id), cancellationToken);
        if (stream is null)
        {
            return (null, "The table's content is missing.");
        }
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var root = document.RootElement;
        var columns = root.GetProperty("columns").EnumerateArray()
            .Select(c => new TableColumn(c.GetProperty("name").ToString(), c.TryGetProperty("dtype", out var d) ? d.ToString() : ""))
            .ToList();
        var rows = root.GetProperty("rows").EnumerateArray().Take(maxRows)
            .Select(r => (IReadOnlyList<string>)[.. r.EnumerateArray().Select(Cell)])
            .ToList();
        var rowCount = root.TryGetProperty("rowCount", out var count) ? count.GetInt64() : rows.Count;
        return (new TableData(columns, rowCount, rows), null);
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => value.GetString() ?? "",
        _ => value.GetRawText(),
    };
}
