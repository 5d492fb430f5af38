using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>Reads a workbook's cells as text, sheet by sheet, with the Open XML SDK's forward-only reader.</summary>
public static class XlsxReader
{
    /// <summary>Each sheet in workbook order: its rows, each row's cells as text (inline strings, shared strings, numbers and booleans as stored).</summary>
    public static List<List<string[]>> Sheets(SpreadsheetDocument workbook)
    {
        var part = workbook.WorkbookPart!;
        var shared = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var sheets = new List<List<string[]>>();
        foreach (var sheet in part.Workbook.Sheets!.Elements<Sheet>())
        {
            var rows = new List<string[]>();
            using var reader = OpenXmlReader.Create((WorksheetPart)part.GetPartById(sheet.Id!));
            while (reader.Read())
            {
                if (reader.ElementType == typeof(Row) && reader.IsStartElement)
                {
                    var row = (Row)reader.LoadCurrentElement()!;
                    rows.Add([.. row.Elements<Cell>().Select(c => Text(c, shared))]);
                }
            }
            sheets.Add(rows);
        }
        return sheets;
    }

    private static string Text(Cell cell, List<string> shared) =>
        cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? ""
        : cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
        : cell.CellValue?.Text ?? "";
}
