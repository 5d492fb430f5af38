using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

/// <summary>GET /api/sessions/{id}/files/{name}/preview: the first rows and dtypes as pandas reads them in the session's sandbox.</summary>
[Collection("app")]
public sealed class FilePreviewTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_csv_preview_has_the_columns_with_dtypes_the_first_rows_and_the_row_count_and_leaves_the_kernels_variables_alone()
    {
        var csv = new StringBuilder("region,amount,price,when\n");
        for (var i = 1; i <= 30; i++)
        {
            csv.Append(i % 2 == 0 ? "north" : "south").Append(',').Append(i).Append(',').Append(i + 0.5).Append(",2024-01-").Append(i.ToString("D2")).Append('\n');
        }
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "sales.csv", Encoding.UTF8.GetBytes(csv.ToString()));
        app.Model.Play("set a variable", new ToolCallTurn("answer = 41"), new TextTurn("Set."));
        await app.Client.QueryAsync(session, "set a variable");

        var preview = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files/sales.csv/preview");

        Assert.Equal(
            [("region", "object"), ("amount", "int64"), ("price", "float64"), ("when", "object")],
            preview.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("dtype").GetString())));
        Assert.Equal(30, preview.GetProperty("rowCount").GetInt64());
        Assert.Equal(4, preview.GetProperty("columnCount").GetInt32());
        Assert.Equal(1, preview.GetProperty("version").GetInt32());
        var rows = preview.GetProperty("rows");
        Assert.Equal(20, rows.GetArrayLength());
        Assert.Equal("""["south",1,1.5,"2024-01-01"]""", rows[0].GetRawText());
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("sheet").ValueKind);

        app.Model.Play("use the variable", new ToolCallTurn("print('answer', answer + 1, '__ca_preview' in globals())"), new TextTurn("Used."));
        Assert.Contains("answer 42 False", (await app.Client.QueryAsync(session, "use the variable")).Stdout());
    }

    [Fact]
    public async Task An_excel_preview_reads_the_first_sheet_with_its_types()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "budget.xlsx", await WriteExcelAsync());

        var preview = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files/budget.xlsx/preview");

        Assert.Equal("Plan", preview.GetProperty("sheet").GetString());
        Assert.Equal(
            [("team", "object"), ("budget", "float64"), ("start", "datetime64[ns]")],
            preview.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("dtype").GetString())));
        Assert.Equal("""[["data",1200.5,"2025-01-01T00:00:00"],["ops",80.0,"2025-02-01T00:00:00"]]""", preview.GetProperty("rows").GetRawText());
        Assert.Equal(2, preview.GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task A_file_pandas_cannot_read_is_422_in_words_and_unknown_files_404()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "broken.xlsx", Encoding.UTF8.GetBytes("this is not a workbook"));
        await app.Client.UploadAsync(session, "notes.bin", [0, 1, 2, 3]);

        var broken = await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/broken.xlsx/preview"), HttpStatusCode.UnprocessableEntity);
        var binary = await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/notes.bin/preview"), HttpStatusCode.UnprocessableEntity);

        Assert.StartsWith("pandas could not read 'broken.xlsx' as a table: ", broken.GetProperty("detail").GetString());
        Assert.DoesNotContain("Traceback", broken.GetProperty("detail").GetString());
        Assert.Equal("pandas could not read 'notes.bin' as a table: it is not a table format the preview reads (CSV, TSV, TXT, Excel, Parquet or JSON)", binary.GetProperty("detail").GetString());
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/missing.csv/preview"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{Guid.NewGuid()}/files/broken.xlsx/preview"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_model_upload_and_preview_still_work()
    {
        var data = Path.Combine(Path.GetTempPath(), "codingagent-preview-nomodel-" + Guid.NewGuid().ToString("N"));
        await using var factory = new CodingAgentFactory(data, "", new Dictionary<string, string?>
        {
            ["Llm:ApiKey"] = "",
            ["OPENAI_API_KEY"] = "",
            ["OPENAI_BASE_URL"] = "",
        });
        using var client = factory.CreateClient();
        var session = await client.CreateSessionAsync();

        Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(session, "a.csv", Encoding.UTF8.GetBytes("k,v\na,1\n"))).StatusCode);
        var preview = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files/a.csv/preview");

        Assert.Equal("""[["a",1]]""", preview.GetProperty("rows").GetRawText());
        Assert.Contains("No language model is configured", await client.GetStringAsync("/"));
        await factory.DisposeAsync();
        await AppData.DeleteAsync(data);
    }

    /// <summary>A small workbook written by openpyxl (Debian's Python, as in the sandbox).</summary>
    private static async Task<byte[]> WriteExcelAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "codingagent-budget-" + Guid.NewGuid().ToString("N") + ".xlsx");
        var script = "import datetime, openpyxl, sys\n"
            + "wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'Plan'\n"
            + "ws.append(['team', 'budget', 'start'])\n"
            + "ws.append(['data', 1200.5, datetime.datetime(2025, 1, 1)])\n"
            + "ws.append(['ops', 80, datetime.datetime(2025, 2, 1)])\n"
            + "wb.create_sheet('Other').append(['ignored'])\n"
            + "wb.save(sys.argv[1])\n";
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3") { ArgumentList = { "-c", script, path }, RedirectStandardError = true })!;
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, error);
        try
        {
            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
