using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Profiling;

/// <summary>Profiles and cleaning through the REST API, on the real app: the confined profiler, the session's sandbox, SQLite.</summary>
[Collection("app")]
public sealed class ProfileApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly string[] Regions = ["North", "South", "East", "West"];

    /// <summary>
    /// Money as text, "N/A" markers, padded and differently cased categories, a repeated row, two date formats, a
    /// repeated id; then 30 clean rows, so that the regions read as categories (40 rows in all).
    /// </summary>
    private static readonly string Messy = MessyHead + string.Concat(Enumerable.Range(10, 30).Select(i =>
        $"\n{i},{Regions[i % 4]},${20 + i}.00,2024-02-{i - 9:D2}"));

    private const string MessyHead = """
        order_id,region,price,ordered
        1,North,"$1,200.50",2024-01-05
        2, south,$80.00,2024-01-06
        3,South,N/A,07/01/2024
        4,north ,"$2,000.00",2024-01-08
        5,East,$15.25,2024-01-09
        5,East,$15.25,2024-01-09
        6,West,$99.99,2024-01-10
        7,West,$10.00,11/01/2024
        8,North,$12.00,2024-01-12
        9,South,$13.00,2024-01-13
        """;

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n") + "\n");

    [Fact]
    public async Task An_upload_is_profiled_in_the_background_with_types_statistics_and_findings_that_carry_pandas_steps()
    {
        var session = await app.Client.CreateSessionAsync();
        (await app.Client.UploadAsync(session, "Sales 2024.csv", Bytes(Messy))).EnsureSuccessStatusCode();

        var profile = await app.Client.WaitForProfileAsync(session, "Sales 2024.csv");

        Assert.Equal("ready", profile.GetProperty("status").GetString());
        Assert.Equal(1, profile.GetProperty("version").GetInt32());
        var table = profile.Table("sales_2024");
        Assert.Equal(40, table.GetProperty("rows").GetInt64());
        Assert.Equal(1, table.GetProperty("duplicateRows").GetInt64());
        Assert.Equal(",", table.GetProperty("read").GetProperty("delimiter").GetString());
        var price = table.Column("price");
        Assert.Equal("decimal", price.GetProperty("type").GetString());
        Assert.Equal(10.0, price.GetProperty("min").GetDouble());
        Assert.Equal(2000.0, price.GetProperty("max").GetDouble());
        Assert.Equal("integer", table.Column("order_id").GetProperty("type").GetString());
        var kinds = profile.Findings().Select(f => (f.GetProperty("kind").GetString(), f.GetProperty("column").GetString())).ToList();
        Assert.Contains(("numeric_text", "price"), kinds);
        Assert.Contains(("duplicate_rows", null), kinds);
        Assert.Contains(("whitespace", "region"), kinds);
        Assert.Contains(("inconsistent_case", "region"), kinds);
        Assert.Contains(("date_formats", "ordered"), kinds);
        Assert.All(profile.Findings(), f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("code").GetString())));
        Assert.Contains(profile.Findings(), f => f.Id() == "numeric_text:sales_2024:price");
    }

    [Fact]
    public async Task Cleaning_writes_the_next_version_records_the_script_profiles_the_result_and_leaves_the_sessions_variables_alone()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "sales.csv", Bytes(Messy));
        app.Model.Play("define df", new ToolCallTurn("df = 'mine'"), new TextTurn("Defined."));
        await app.Client.QueryAsync(session, "define df");
        var before = await app.Client.WaitForProfileAsync(session, "sales.csv");
        var chosen = before.Findings().Where(f => f.GetProperty("kind").GetString() is "numeric_text" or "duplicate_rows").Select(f => f.Id()).ToList();
        Assert.Equal(2, chosen.Count);

        var response = await app.Client.PostAsJsonAsync($"/api/sessions/{session}/files/sales.csv/clean", new { findings = chosen });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/sessions/{session}/files/sales.csv?version=2", response.Headers.Location?.OriginalString);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sales.csv", result.GetProperty("file").GetProperty("name").GetString());
        Assert.Equal(2, result.GetProperty("file").GetProperty("version").GetInt32());
        var code = result.GetProperty("code").GetString()!;
        Assert.Contains("pd.read_csv(\"sales.csv\"", code, StringComparison.Ordinal);
        Assert.Contains("df.to_csv(\"sales.csv\"", code, StringComparison.Ordinal);
        var after = result.GetProperty("profile");
        Assert.Equal("ready", after.GetProperty("status").GetString());
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.Equal(39, after.Table("sales").GetProperty("rows").GetInt64());
        Assert.Equal("decimal", after.Table("sales").Column("price").GetProperty("type").GetString());
        Assert.DoesNotContain(after.Findings(), f => f.GetProperty("kind").GetString() is "numeric_text" or "duplicate_rows");
        Assert.Contains(after.Findings(), f => f.GetProperty("kind").GetString() == "whitespace");

        Assert.Equal(Bytes(Messy), await app.Client.GetByteArrayAsync($"/api/sessions/{session}/files/sales.csv?version=1"));
        var cleaned = await app.Client.GetStringAsync($"/api/sessions/{session}/files/sales.csv");
        Assert.Contains("1200.5", cleaned, StringComparison.Ordinal);
        Assert.DoesNotContain("$", cleaned, StringComparison.Ordinal);
        Assert.Equal(after.GetProperty("version").GetInt32(), (await app.Client.WaitForProfileAsync(session, "sales.csv")).GetProperty("version").GetInt32());

        var messages = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/messages");
        var record = messages.EnumerateArray().Last();
        Assert.Equal("assistant", record.GetProperty("role").GetString());
        Assert.StartsWith("Cleaned `sales.csv` with 2 steps: saved as version 2 (version 1 is kept).", record.GetProperty("content").GetString());
        Assert.Equal(code, record.GetProperty("steps")[0].GetProperty("code").GetString());

        app.Model.Play("read both", new ToolCallTurn("import pandas as pd\nprint(df, len(pd.read_csv('sales.csv')))"), new TextTurn("Read."));
        Assert.Contains("mine 39", (await app.Client.QueryAsync(session, "read both")).Stdout());
    }

    [Fact]
    public async Task A_preview_shows_a_sample_before_and_after_and_stores_nothing()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "sales.csv", Bytes(Messy));
        var profile = await app.Client.WaitForProfileAsync(session, "sales.csv");
        var whitespace = profile.Findings().Single(f => f.GetProperty("kind").GetString() == "whitespace").Id();

        var preview = await (await app.Client.PostAsJsonAsync($"/api/sessions/{session}/files/sales.csv/clean/preview", new { findings = new[] { whitespace } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("sales", preview.GetProperty("table").GetString());
        Assert.Equal(40, preview.GetProperty("sampleRows").GetInt32());
        var region = preview.GetProperty("columnsBefore").EnumerateArray().Select(c => c.GetString()).ToList().IndexOf("region");
        Assert.Equal(" south", preview.GetProperty("before")[1][region].GetString());
        Assert.Equal("south", preview.GetProperty("after")[1][region].GetString());
        var versions = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files/sales.csv/versions");
        Assert.Equal(1, versions.GetArrayLength());
    }

    [Fact]
    public async Task Wrong_cleaning_requests_are_problems_and_lose_nothing()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "sales.csv", Bytes(Messy));
        await app.Client.UploadAsync(session, "empty.csv", []);
        await app.Client.WaitForProfileAsync(session, "sales.csv");
        var empty = await app.Client.WaitForProfileAsync(session, "empty.csv");
        Assert.Equal("failed", empty.GetProperty("status").GetString());
        Assert.Contains("empty", empty.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);

        var url = $"/api/sessions/{session}/files/sales.csv/clean";
        await AssertProblemAsync(await app.Client.PostAsJsonAsync(url, new { findings = Array.Empty<string>() }), HttpStatusCode.BadRequest);
        var unknown = await AssertProblemAsync(await app.Client.PostAsJsonAsync(url, new { findings = new[] { "outliers:nope:x" } }), HttpStatusCode.BadRequest);
        Assert.Contains("'outliers:nope:x'", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertProblemAsync(await app.Client.PostAsync(url, new StringContent("{not json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/sessions/{session}/files/empty.csv/clean", new { findings = new[] { "x" } }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/sessions/{session}/files/missing.csv/clean", new { findings = new[] { "x" } }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.PostAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/files/sales.csv/clean", new { findings = new[] { "x" } }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/sales.csv/profile?version=7"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/sales.csv/profile?version=0"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/missing.csv/profile"), HttpStatusCode.NotFound);

        var versions = await app.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/files/sales.csv/versions");
        Assert.Equal(1, versions.GetArrayLength());
    }

    [Fact]
    public async Task Hostile_and_broken_files_each_get_a_clear_message_and_the_session_keeps_working()
    {
        var session = await app.Client.CreateSessionAsync();
        var wide = new StringBuilder();
        wide.AppendJoin(',', Enumerable.Range(0, 20_000).Select(i => $"c{i}")).Append('\n').AppendJoin(',', Enumerable.Range(0, 20_000)).Append('\n');
        var files = new Dictionary<string, byte[]>
        {
            ["header.csv"] = Bytes("a,b,c"),
            ["ragged.csv"] = Bytes("a,b,c\n1,2,3\n4,5,6,7,8\n9,10,11"),
            ["garbage.csv"] = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 256))],
            ["bomb.xlsx"] = ZipBomb(),
            ["wide.csv"] = Encoding.UTF8.GetBytes(wide.ToString()),
        };
        foreach (var (name, content) in files)
        {
            (await app.Client.UploadAsync(session, name, content)).EnsureSuccessStatusCode();
        }

        var profiles = new Dictionary<string, JsonElement>();
        foreach (var name in files.Keys)
        {
            profiles[name] = await app.Client.WaitForProfileAsync(session, name);
        }

        // a header without rows is still a table (its columns are known), with a note saying it has no rows
        Assert.Equal("ready", profiles["header.csv"].GetProperty("status").GetString());
        Assert.Equal(0, profiles["header.csv"].Table("header").GetProperty("rows").GetInt64());
        Assert.Contains("header", Message(profiles["header.csv"]), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("3", Message(profiles["ragged.csv"]), StringComparison.Ordinal);
        Assert.Contains("line", Message(profiles["ragged.csv"]), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("failed", profiles["garbage.csv"].GetProperty("status").GetString());
        Assert.Equal("failed", profiles["bomb.xlsx"].GetProperty("status").GetString());
        Assert.Equal("ready", profiles["wide.csv"].GetProperty("status").GetString());
        Assert.Equal(20_000, profiles["wide.csv"].Table("wide").GetProperty("columnCount").GetInt32());
        Assert.NotEmpty(profiles["wide.csv"].GetProperty("notes").EnumerateArray());
        foreach (var (name, profile) in profiles)
        {
            Assert.False(string.IsNullOrWhiteSpace(Message(profile)) && profile.GetProperty("status").GetString() == "failed", $"{name} failed without a message");
        }

        app.Model.Play("still working", new ToolCallTurn("print(6 * 7)"), new TextTurn("Still here."));
        Assert.Contains("42", (await app.Client.QueryAsync(session, "still working")).Stdout());
    }

    [Fact]
    public async Task The_model_reads_the_profile_digest_of_each_table()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "sales.csv", Bytes(Messy));
        await app.Client.WaitForProfileAsync(session, "sales.csv");
        var script = app.Model.Play("what columns", new TextTurn("Four."));

        await app.Client.QueryAsync(session, "what columns");

        var system = script.Requests[0]["messages"]![0]!["content"]!.ToString();
        Assert.Contains("table `sales`: 40 rows × 4 columns, 1 duplicate rows", system, StringComparison.Ordinal);
        Assert.Contains("\"price\": decimal, stored as VARCHAR", system, StringComparison.Ordinal);
        Assert.Contains("numeric_text in \"price\"", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_file_deletes_its_profiles()
    {
        var session = await app.Client.CreateSessionAsync();
        await app.Client.UploadAsync(session, "sales.csv", Bytes(Messy));
        await app.Client.WaitForProfileAsync(session, "sales.csv");

        (await app.Client.DeleteAsync($"/api/sessions/{session}/files/sales.csv")).EnsureSuccessStatusCode();
        await AssertProblemAsync(await app.Client.GetAsync($"/api/sessions/{session}/files/sales.csv/profile"), HttpStatusCode.NotFound);
        await app.Client.UploadAsync(session, "sales.csv", Bytes("a\n1\n"));

        var again = await app.Client.WaitForProfileAsync(session, "sales.csv");
        Assert.Equal(1, again.GetProperty("version").GetInt32());
        Assert.Equal(1, again.Table("sales").GetProperty("columnCount").GetInt32());
    }

    private static string Message(JsonElement profile) =>
        profile.GetProperty("error").GetString() ?? string.Join(" ", profile.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));

    /// <summary>A small .xlsx whose one sheet expands to far more than any workbook a person makes.</summary>
    private static byte[] ZipBomb()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 2048; i++)
            {
                sheet.Write(zeros);
            }
        }
        return buffer.ToArray();
    }
}
