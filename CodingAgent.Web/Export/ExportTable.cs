using System.Globalization;
using System.Net;
using System.Text;
using CodingAgent.Web.Api;

namespace CodingAgent.Web.Export;

/// <summary>
/// The first rows of a table artifact as text: an HTML table built here with every name and cell HTML-encoded (no
/// markup, attribute or style from the data; numbers get a class of ours), and a plain-text grid.
/// </summary>
public static class ExportTable
{
    public static string Cell(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "True" : "False",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool IsNumber(object? value) => value is long or int or short or double or float or decimal;

    public static string Caption(TablePage table) =>
        table.Rows.Count < table.RowCount
            ? string.Create(CultureInfo.InvariantCulture, $"First {table.Rows.Count:N0} of {table.RowCount:N0} rows")
            : string.Create(CultureInfo.InvariantCulture, $"{table.RowCount:N0} rows");

    public static string Html(TablePage table)
    {
        var html = new StringBuilder("<table class=\"ca-table\"><thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(ColumnName(column))).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in Cells(row))
            {
                html.Append(IsNumber(cell) ? "<td class=\"num\">" : "<td>")
                    .Append(WebUtility.HtmlEncode(Cell(cell))).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>Columns padded to their widest cell (at most 40 characters each), numbers right-aligned, and the caption.</summary>
    public static string PlainText(TablePage table)
    {
        const int maxWidth = 40;
        static string Clip(string text) => (text.Length > maxWidth ? text[..(maxWidth - 1)] + "…" : text).ReplaceLineEndings(" ");
        var header = table.Columns.Select(c => Clip(ColumnName(c))).ToList();
        var rows = table.Rows.Select(r => Cells(r).Select(c => (Text: Clip(Cell(c)), Number: IsNumber(c))).ToList()).ToList();
        var widths = header.Select((h, i) => rows.Select(r => i < r.Count ? r[i].Text.Length : 0).Append(h.Length).Max()).ToList();
        var text = new StringBuilder();
        text.AppendJoin("  ", header.Select((h, i) => h.PadRight(widths[i]))).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin("  ", row.Select((c, i) => i >= widths.Count ? c.Text : c.Number ? c.Text.PadLeft(widths[i]) : c.Text.PadRight(widths[i])));
            text.Append('\n');
        }
        return text.Append('[').Append(Caption(table)).Append(']').ToString();
    }

    private static string ColumnName(TableColumnDto column) => column.Name;

    private static IEnumerable<object?> Cells(object?[] row) => row;
}
