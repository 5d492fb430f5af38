using System.Text.Json;
using CodingAgent.Core.Files;

namespace CodingAgent.Web.Api;

/// <summary>
/// (added) The first rows of a file as pandas reads it: <c>columns</c> (name and dtype), <c>rows</c> of cells (string,
/// number, boolean or null), <c>rowCount</c> (data rows; null when not known), <c>columnCount</c> (all columns, also
/// those past the preview's), <c>sheet</c> (the Excel sheet read, else null), and the <c>version</c> previewed.
/// </summary>
public sealed record FilePreviewDto(string Name, int Version, IReadOnlyList<FilePreviewColumn> Columns, IReadOnlyList<IReadOnlyList<JsonElement>> Rows, long? RowCount, int ColumnCount, string? Sheet)
{
    public static FilePreviewDto From(FilePreview p) => new(p.Name, p.Version, p.Columns, p.Rows, p.RowCount, p.ColumnCount, p.Sheet);
}
