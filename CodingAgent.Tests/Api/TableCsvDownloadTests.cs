using System.Net;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

[Collection("app")]
public sealed class TableCsvDownloadTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_table_artifact_downloads_as_csv_with_formulas_neutralised_and_numbers_kept()
    {
        app.Model.Play("a table with formulas",
            new ToolCallTurn("""pd.DataFrame({"name": ["=1+1", "@SUM(A1)", "plain, with comma", "-5"], "delta": [-5, 2, 0, 7]})"""),
            new TextTurn("Here."));
        var session = await app.Client.CreateSessionAsync();
        var events = await app.Client.QueryAsync(session, "a table with formulas");
        var table = events.Single(e => e.Name == "artifact" && e.Data.GetProperty("kind").GetString() == "table").Data.GetProperty("id").GetGuid();

        var response = await app.Client.GetAsync($"/api/artifacts/{table}/content?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("table-1.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("name,delta\r\n'=1+1,-5\r\n'@SUM(A1),2\r\n\"plain, with comma\",0\r\n'-5,7\r\n", await response.Content.ReadAsStringAsync());

        await AssertProblemAsync(await app.Client.GetAsync($"/api/artifacts/{table}/content?format=pdf"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/artifacts/{table}/content?format=csv&limit=10"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/artifacts/{Guid.NewGuid()}/content?format=csv"), HttpStatusCode.NotFound);
    }
}
