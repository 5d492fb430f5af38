using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Api;

/// <summary>The API with <c>Storage:Provider=S3</c> on s3rver: uploads land in the bucket, downloads serve ranges, questions read the stored files, deletion empties the session's prefix.</summary>
[Collection("app")]
public sealed class S3StorageApiTests(S3AppFixture app) : IClassFixture<S3AppFixture>
{
    [Fact]
    public Task A_file_in_the_bucket_is_profiled_from_a_private_copy_and_cleaned_into_a_new_object() => Profiling.ProfileScenario.ProfileAndCleanAsync(app.Client);

    [Fact]
    public async Task An_upload_is_stored_in_the_bucket_and_a_range_download_gets_206_with_those_bytes()
    {
        var session = await app.Client.CreateSessionAsync();

        await RangeDownloads.AssertServedInRangesAsync(app.Client, session);

        Assert.Single(await app.S3.ListKeysAsync($"sessions/{session:N}/uploads/"));
    }

    [Fact]
    public async Task A_question_reads_the_file_from_S3_its_file_artifact_serves_ranges_and_deleting_the_session_empties_its_prefix()
    {
        var session = await app.Client.CreateSessionAsync();
        var csv = new StringBuilder("x\n");
        for (var i = 1; i <= 1000; i++)
        {
            csv.Append(i).Append('\n');
        }
        Assert.Equal(HttpStatusCode.Created, (await app.Client.UploadAsync(session, "numbers.csv", Encoding.ASCII.GetBytes(csv.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.Client.UploadAsync(session, "other.txt", "kept until the session goes"u8.ToArray())).StatusCode);
        app.Model.Play("sum the numbers from s3",
            new ToolCallTurn("""
                df = pd.read_csv("numbers.csv")
                print("total", int(df["x"].sum()))
                open("report.txt", "w").write("".join(str(i % 10) for i in range(5000)))
                """),
            new TextTurn("The total is 500500."));

        var events = await app.Client.QueryAsync(session, "sum the numbers from s3");

        Assert.Equal("completed", events[^1].Data.GetProperty("status").GetString());
        Assert.Contains("total 500500", events.Stdout());
        var report = events.Single(e => e.Name == "artifact" && e.Data.GetProperty("kind").GetString() == "file").Data.GetProperty("id").GetGuid();
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/artifacts/{report}/content"))
        {
            request.Headers.Range = new RangeHeaderValue(10, 19);
            var partial = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal("bytes 10-19/5000", partial.Content.Headers.ContentRange?.ToString());
            Assert.Equal("0123456789", await partial.Content.ReadAsStringAsync());
        }
        var keys = await app.S3.ListKeysAsync($"sessions/{session:N}/");
        Assert.Equal(2, keys.Count(k => k.Contains("/uploads/", StringComparison.Ordinal)));
        Assert.Contains($"sessions/{session:N}/artifacts/{report:N}", keys);

        var deleted = await app.Client.DeleteAsync($"/api/sessions/{session}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await app.S3.ListKeysAsync($"sessions/{session:N}/"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"/api/artifacts/{report}/content")).StatusCode);
    }

    [Fact]
    public async Task Readiness_reports_the_bucket_as_storage()
    {
        var ready = await app.Client.GetFromJsonAsync<JsonElement>("/healthz/ready");

        Assert.Equal("ready", ready.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.DoesNotContain(S3rverServer.SecretKey, ready.ToString());
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:9", "Storage:S3:Bucket is required")]
    [InlineData("UPPER_case", "http://127.0.0.1:9", "Storage:S3:Bucket 'UPPER_case' is not a valid bucket name")]
    [InlineData("fine-bucket", "minio:9000", "Storage:S3:ServiceUrl 'minio:9000' must be an absolute http:// or https:// address")]
    public async Task Bad_S3_settings_fail_the_start_naming_the_setting(string? bucket, string serviceUrl, string expected)
    {
        var data = Path.Combine(Path.GetTempPath(), "codingagent-badstorage-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var factory = new CodingAgentFactory(data, "http://127.0.0.1:9/v1", new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "S3",
                ["Storage:S3:Bucket"] = bucket,
                ["Storage:S3:ServiceUrl"] = serviceUrl,
                ["Storage:S3:AccessKey"] = "a",
                ["Storage:S3:SecretKey"] = "do-not-print-me",
            });

            var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

            Assert.Contains(expected, failure.Message);
            Assert.DoesNotContain("do-not-print-me", failure.Message);
        }
        finally
        {
            await AppData.DeleteAsync(data);
        }
    }
}
