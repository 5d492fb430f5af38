using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

/// <summary>
/// A 150,000-row DataFrame made by code in the sandbox (more than the 100,000 rows of its stored preview), queried
/// through the API: pages past the preview, sort, filters, the 400s of bad queries, whole-table CSV and Excel.
/// </summary>
[Collection("app")]
public sealed class TableQueryApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const int Rows = 150_000;

    private const string Code = """
        import numpy as np
        n = 150_000
        i = np.arange(n)
        pd.DataFrame({"id": i, "label": np.where(i % 1000 == 7, "=HYPERLINK(\"http://evil.example\")", "row"), "value": (i * 7919 % 1000003) / 10.0})
        """;

    private static double Value(long i) => i * 7919 % 1_000_003 / 10.0;

    private async Task<Guid> TableAsync()
    {
        var marker = "a table of " + Guid.NewGuid().ToString("N");
        app.Model.Play(marker, new ToolCallTurn(Code), new TextTurn("Here."));
        var session = await app.Client.CreateSessionAsync();
        var events = await app.Client.QueryAsync(session, marker);
        return events.Single(e => e.Name == "artifact" && e.Data.GetProperty("kind").GetString() == "table").Data.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Pages_reach_past_the_stored_preview_and_the_plain_content_is_still_the_preview()
    {
        var table = await TableAsync();

        var page = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{table}/content?offset=120000&limit=5");
        Assert.Equal(Rows, page.GetProperty("rowCount").GetInt64());
        Assert.Equal(Rows, page.GetProperty("storedRowCount").GetInt64());
        Assert.Equal(Rows, page.GetProperty("matchedRowCount").GetInt64());
        Assert.Equal([120_000L, 120_001, 120_002, 120_003, 120_004], page.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt64()));
        Assert.Equal(Value(120_000), page.GetProperty("rows")[0][2].GetDouble());

        var preview = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{table}/content");
        Assert.Equal(Rows, preview.GetProperty("rowCount").GetInt64());
        Assert.Equal(100_000, preview.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task Sort_and_filters_apply_to_every_row()
    {
        var table = await TableAsync();
        var expected = Enumerable.Range(0, Rows).OrderByDescending(i => Value(i)).Take(3).Select(i => (long)i);

        var sorted = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{table}/content?sort=value&desc=true&limit=3");
        Assert.Equal(expected, sorted.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt64()));

        var filtered = await app.Client.GetFromJsonAsync<JsonElement>($"/api/artifacts/{table}/content?filter=label:startswith:%3D&filter=id:gt:100000&limit=2");
        Assert.Equal(50, filtered.GetProperty("matchedRowCount").GetInt64());
        Assert.Equal([100_007L, 101_007], filtered.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt64()));
    }

    [Theory]
    [InlineData("filter=price:gt:5", "Unknown column")]
    [InlineData("filter=value:between:5", "Unknown filter operator")]
    [InlineData("filter=value:gt:abc", "Invalid number")]
    [InlineData("sort=price", "Unknown column")]
    [InlineData("sort=value&desc=maybe", "Invalid sort")]
    [InlineData("format=pdf", "Invalid format")]
    [InlineData("format=csv&limit=10", "Invalid page")]
    [InlineData("limit=1001", "Invalid page")]
    public async Task A_bad_query_is_a_400_problem_that_says_what_is_wrong(string query, string title)
    {
        var table = await TableAsync();

        var problem = await AssertProblemAsync(await app.Client.GetAsync($"/api/artifacts/{table}/content?{query}"), HttpStatusCode.BadRequest);

        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_csv_download_is_the_whole_table_with_formulas_neutralised_and_follows_sort_and_filters()
    {
        var table = await TableAsync();

        var response = await app.Client.GetAsync($"/api/artifacts/{table}/content?format=csv", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("table-1.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal(Rows + 2, lines.Length); // the header, every row, and the empty text after the last line end
        Assert.Equal("id,label,value", lines[0]);
        Assert.Equal(150, lines.Count(l => l.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains(",=", StringComparison.Ordinal) || l.Contains(",\"=", StringComparison.Ordinal));

        var view = await app.Client.GetStringAsync($"/api/artifacts/{table}/content?format=csv&sort=id&desc=true&filter=id:lt:3");
        Assert.Equal("id,label,value\r\n2,row,1583.8\r\n1,row,791.9\r\n0,row,0\r\n", view);
    }

    [Fact]
    public async Task The_excel_download_opens_with_the_header_and_every_row()
    {
        var table = await TableAsync();

        var response = await app.Client.GetAsync($"/api/artifacts/{table}/content?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("table-1.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var workbook = SpreadsheetDocument.Open(await response.Content.ReadAsStreamAsync(), isEditable: false);
        var sheets = XlsxReader.Sheets(workbook);
        var sheet = Assert.Single(sheets);
        Assert.Equal(Rows + 1, sheet.Count);
        Assert.Equal(["id", "label", "value"], sheet[0]);
        Assert.Equal(["120000", "row", Value(120_000).ToString(System.Globalization.CultureInfo.InvariantCulture)], sheet[120_001]);
        Assert.Equal("=HYPERLINK(\"http://evil.example\")", sheet[8][1]);
    }
}
