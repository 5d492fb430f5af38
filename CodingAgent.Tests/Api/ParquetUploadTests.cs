using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using Parquet.Serialization;

namespace CodingAgent.Tests.Api;

[Collection("app")]
public sealed class ParquetUploadTests(AppFixture app) : IClassFixture<AppFixture>
{
    public sealed class Sale
    {
        public DateTime Date { get; set; }
        public string Region { get; set; } = "";
        public int Units { get; set; }
        public double Revenue { get; set; }
    }

    [Fact]
    public async Task A_parquet_upload_is_readable_with_pd_read_parquet_with_its_types()
    {
        var sales = Enumerable.Range(0, 365).Select(d => new Sale
        {
            Date = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(d),
            Region = d % 2 == 0 ? "North" : "South, East",
            Units = d % 7,
            Revenue = d * 1.5,
        }).ToList();
        using var parquet = new MemoryStream();
        await ParquetSerializer.SerializeAsync(sales, parquet);
        var session = await app.Client.CreateSessionAsync();

        var upload = await app.Client.UploadAsync(session, "sales.parquet", parquet.ToArray());

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var body = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Single(body.EnumerateArray());
        Assert.Equal(["sales.parquet.csv", "sales.parquet.schema.json"], body[0].GetProperty("derived").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(JsonValueKind.Null, body[0].GetProperty("warning").ValueKind);

        var script = app.Model.Play("parquet monthly units",
            new ToolCallTurn("df = pd.read_parquet('sales.parquet')\nprint({k: str(v) for k, v in df.dtypes.items()})\nprint(len(df), df['Revenue'].sum(), df['Region'].iloc[1])\ndf.groupby(df['Date'].dt.month)['Units'].sum().sum()"),
            new TextTurn("Done."));
        var events = await app.Client.QueryAsync(session, "parquet monthly units");

        var stdout = events.Stdout();
        Assert.Contains("'Date': 'datetime64[ns]'", stdout);
        Assert.Contains("'Units': 'Int64'", stdout);
        Assert.Contains($"365 {sales.Sum(s => s.Revenue).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} South, East", stdout);
        Assert.Equal(sales.Sum(s => s.Units).ToString(System.Globalization.CultureInfo.InvariantCulture), events.Single(e => e.Name == "step_end").Data.GetProperty("resultText").GetString());
        // the model was shown the Parquet file's columns (not its CSV copy)
        var system = script.Requests[0]["messages"]![0]!["content"]!.ToString();
        Assert.Contains("file `sales.parquet` (version 1, parquet)", system);
        Assert.Contains(": 365 rows × ", system);
        Assert.Contains("- \"Date\": date", system);
        Assert.DoesNotContain("sales.parquet.csv", system);
    }

    [Fact]
    public async Task A_broken_parquet_file_is_stored_with_a_warning()
    {
        var session = await app.Client.CreateSessionAsync();

        var upload = await app.Client.UploadAsync(session, "broken.parquet", "PAR1 this is not parquet"u8.ToArray());

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var body = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("not a readable Parquet file", body[0].GetProperty("warning").GetString());
        Assert.Equal(0, body[0].GetProperty("derived").GetArrayLength());
    }
}
