using System.Globalization;
using CodingAgent.Web.Tables;
using SpreadCheetah;

namespace CodingAgent.Web.Api;

/// <summary>
/// A table as an Excel workbook, written forward-only as the rows come (SpreadCheetah: nothing but a small buffer in
/// memory, straight into the response). Numbers, booleans and dates are typed cells; text is an inline string, which
/// Excel never evaluates, so it needs no formula neutralisation. A sheet holds Excel's maximum of 1,048,576 rows (the
/// header and 1,048,575 rows); the rows after that continue on "Sheet 2", "Sheet 3", … each with the header again.
/// </summary>
public static class TableXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const int MaxRowsPerSheet = 1_048_575;

    /// <summary>Excel's limit of characters in a cell.</summary>
    public const int MaxCellText = 32_767;

    public static async Task WriteAsync(IReadOnlyList<TableColumn> columns, IAsyncEnumerable<object?[]> rows, Stream output, CancellationToken cancellationToken, int rowsPerSheet = MaxRowsPerSheet)
    {
        // the zip writer makes a few small synchronous writes, which a response body refuses
        await using var body = new SyncWriteBufferingStream(output);
        await WriteWorkbookAsync(columns, rows, body, rowsPerSheet, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static async Task WriteWorkbookAsync(IReadOnlyList<TableColumn> columns, IAsyncEnumerable<object?[]> rows, Stream output, int rowsPerSheet, CancellationToken cancellationToken)
    {
        await using var workbook = await Spreadsheet.CreateNewAsync(output, new SpreadCheetahOptions { BufferSize = 1 << 16 }, cancellationToken);
        var header = columns.Select(c => new DataCell(Text(c.Name))).ToArray();
        var sheet = 1;
        var inSheet = 0;
        await workbook.StartWorksheetAsync("Sheet 1", token: cancellationToken);
        await workbook.AddRowAsync(header, cancellationToken);
        var cells = new DataCell[columns.Count];
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (inSheet == rowsPerSheet)
            {
                sheet++;
                inSheet = 0;
                await workbook.StartWorksheetAsync("Sheet " + sheet.ToString(CultureInfo.InvariantCulture), token: cancellationToken);
                await workbook.AddRowAsync(header, cancellationToken);
            }
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = Cell(i < row.Length ? row[i] : null, columns[i].Kind);
            }
            await workbook.AddRowAsync(cells, cancellationToken);
            inSheet++;
        }
        await workbook.FinishAsync(cancellationToken);
    }

    private static DataCell Cell(object? value, TableColumnKind kind) => value switch
    {
        null => new DataCell((string?)null),
        long integer => new DataCell(integer),
        double real => new DataCell(real),
        bool flag => new DataCell(flag),
        string date when kind == TableColumnKind.Date && DateTime.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var moment) => new DataCell(moment),
        _ => new DataCell(Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")),
    };

    /// <summary>Text as a cell can hold it: characters XML cannot carry become U+FFFD, and at most <see cref="MaxCellText"/> characters.</summary>
    private static string Text(string text)
    {
        if (text.Length > MaxCellText)
        {
            text = text[..MaxCellText];
        }
        return text.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF')
            ? string.Concat(text.Select(c => c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF' ? '\uFFFD' : c))
            : text;
    }
}
