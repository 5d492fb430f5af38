using System.Text;
using System.Text.Json.Nodes;
using CodingAgent.Core.Domain;
using CodingAgent.Core.Ports;
using CodingAgent.Web.Api;
using CodingAgent.Web.Storage;
using CodingAgent.Web.Tables;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Api;

public sealed class TableCsvTests
{
    /// <summary>The CSV of a stored table (its JSON content) as the API streams it from the query store.</summary>
    private static async Task<string> CsvAsync(string tableJson)
    {
        var root = Path.Combine(Path.GetTempPath(), "codingagent-csv-" + Guid.NewGuid().ToString("N"));
        try
        {
            var blobs = new FileSystemBlobStore(Path.Combine(root, "blobs"));
            var artifact = new Artifact { Id = Guid.NewGuid(), SessionId = Guid.NewGuid(), Kind = ArtifactKinds.Table, Name = "t.json" };
            using (var content = new MemoryStream(Encoding.UTF8.GetBytes(tableJson)))
            {
                await blobs.PutAsync(BlobKeys.Artifact(artifact.SessionId, artifact.Id), content, CancellationToken.None);
            }
            var table = (await new TableStore(blobs, Path.Combine(root, "cache"), NullLogger<TableStore>.Instance).OpenAsync(artifact, CancellationToken.None))!;
            using var writer = new StringWriter();
            await TableCsv.WriteAsync(table.Columns, table.ReadAllAsync(null, false, [], CancellationToken.None), writer, CancellationToken.None);
            return writer.ToString();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+41 79 000 00 00", "'+41 79 000 00 00")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")]
    [InlineData("-2+3,cmd|' /C calc'!A0", "\"'-2+3,cmd|' /C calc'!A0\"")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote(string text, string cell)
    {
        Assert.Equal(cell, TableCsv.Cell(JsonValue.Create(text)));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("a=b", "a=b")]
    [InlineData(" =1", " =1")]
    [InlineData("", "")]
    public void Other_text_is_kept_and_quoted_only_where_rfc_4180_needs_it(string text, string cell)
    {
        Assert.Equal(cell, TableCsv.Cell(JsonValue.Create(text)));
    }

    [Fact]
    public async Task Numbers_booleans_and_nulls_are_written_as_they_are_and_every_row_follows_the_header()
    {
        var csv = await CsvAsync("""
            { "columns": [{ "name": "=label", "dtype": "object" }, { "name": "delta", "dtype": "int64" }, { "name": "ratio", "dtype": "float64" }, { "name": "ok", "dtype": "bool" }],
              "rowCount": 3,
              "rows": [["-5", -5, -0.25, true], [null, 0, 1e-05, false], ["x", null, null, null]] }
            """);

        Assert.Equal("'=label,delta,ratio,ok\r\n'-5,-5,-0.25,true\r\n,0,1E-05,false\r\nx,,,\r\n", csv);
    }

    [Theory]
    [InlineData("table-1.json", "table-1.csv")]
    [InlineData("table-12", "table-12.csv")]
    [InlineData("..json", "table.csv")]
    public void The_download_is_named_after_the_artifact(string artifactName, string fileName)
    {
        Assert.Equal(fileName, TableCsv.FileName(artifactName));
    }
}
