using System.Text.Json;

namespace CodingAgent.Core.Files;

/// <summary>
/// The first rows of a workspace file as pandas reads it: columns with their dtypes (at most
/// <see cref="FilePreviewService.MaxColumns"/>), at most <see cref="FilePreviewService.MaxRows"/> rows of cells (a
/// string, number, boolean or null; long text cut), the number of data rows when known, and the sheet read for Excel.
/// Produced by code in the session's sandbox: data, never markup.
/// </summary>
public sealed record FilePreview(
    string Name,
    int Version,
    IReadOnlyList<FilePreviewColumn> Columns,
    IReadOnlyList<IReadOnlyList<JsonElement>> Rows,
    long? RowCount,
    int ColumnCount,
    string? Sheet);
