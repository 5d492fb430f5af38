using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Api;
using CodingAgent.Web.Tables;
using DocumentFormat.OpenXml.Packaging;

namespace CodingAgent.Tests.Tables;

public sealed class TableXlsxTests
{
    private static async IAsyncEnumerable<object?[]> Rows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return GeneratedTable.Row(i);
        }
    }

    [Fact]
    public async Task Rows_past_a_sheets_limit_continue_on_further_sheets_each_with_the_header()
    {
        using var output = new MemoryStream();

        await TableXlsx.WriteAsync(GeneratedTable.Columns, Rows(10), output, CancellationToken.None, rowsPerSheet: 4);

        output.Position = 0;
        using var workbook = SpreadsheetDocument.Open(output, isEditable: false);
        var sheets = XlsxReader.Sheets(workbook);
        Assert.Equal([5, 5, 3], sheets.Select(s => s.Count));
        Assert.All(sheets, s => Assert.Equal(["id", "name", "value", "when", "cat", "flag"], s[0]));
        Assert.Equal(["4", "item-4", (4 * 7919 / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture)], sheets[1][1].Take(3));
        Assert.Equal("9", sheets[2][2][0]);
        Assert.Equal("1", sheets[0][1][5]); // a boolean cell
    }
}
