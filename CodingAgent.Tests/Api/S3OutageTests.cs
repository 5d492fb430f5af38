using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CodingAgent.Tests.Infrastructure;
using static CodingAgent.Tests.Infrastructure.Problems;

namespace CodingAgent.Tests.Api;

/// <summary>s3rver stopped while the app runs: 503 problems (not hangs) and storage unavailable in readiness; started again on the same port and folder, the app serves again without a restart.</summary>
[Collection("app")]
public sealed class S3OutageTests(S3AppFixture app) : IClassFixture<S3AppFixture>
{
    [Fact]
    public async Task With_S3_stopped_downloads_get_503_and_readiness_says_storage_then_both_recover_when_it_is_back()
    {
        var session = await app.Client.CreateSessionAsync();
        var content = GeneratedStream.Bytes(50_000);
        Assert.Equal(HttpStatusCode.Created, (await app.Client.UploadAsync(session, "kept.bin", content)).StatusCode);
        // generous: a hang would hit this, an answer within the app's own bounds does not
        using var client = app.Factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);

        await app.S3.StopAsync();
        try
        {
            var download = await client.GetAsync($"/api/sessions/{session}/files/kept.bin");
            var problem = await AssertProblemAsync(download, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("S3 storage", problem.GetProperty("detail").GetString());
            Assert.True(download.Headers.RetryAfter is not null);

            var upload = await client.UploadAsync(session, "new.bin", [1, 2, 3]);
            await AssertProblemAsync(upload, HttpStatusCode.ServiceUnavailable);

            var notReady = await AssertProblemAsync(await client.GetAsync("/healthz/ready"), HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unavailable", notReady.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
            Assert.Contains("storage:", notReady.GetProperty("detail").GetString());
            Assert.DoesNotContain(S3rverServer.SecretKey, notReady.ToString());
            Assert.Equal("ok", (await client.GetFromJsonAsync<JsonElement>("/healthz")).GetProperty("status").GetString());
        }
        finally
        {
            await app.S3.StartAsync();
        }

        var again = await client.GetAsync($"/api/sessions/{session}/files/kept.bin");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(content, await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(session, "new.bin", [1, 2, 3])).StatusCode);
        var ready = await client.GetFromJsonAsync<JsonElement>("/healthz/ready");
        Assert.Equal("ready", ready.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_app_starts_while_S3_is_down_and_creates_its_bucket_once_S3_answers()
    {
        var s3 = new S3rverServer();
        await s3.InitializeAsync();
        await s3.StopAsync();
        var data = Path.Combine(Path.GetTempPath(), "codingagent-s3down-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var factory = new CodingAgentFactory(data, app.Model.BaseUrl, s3.AppSettings);
            using var client = factory.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(60);

            var notReady = await AssertProblemAsync(await client.GetAsync("/healthz/ready"), HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unavailable", notReady.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());

            await s3.StartAsync();

            // the bucket is made in the background: wait for that outcome (bounded), then use it
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (await StorageStatusAsync(client, deadline.Token) != "ready")
            {
                await Task.Delay(250, deadline.Token);
            }
            var session = await client.CreateSessionAsync();
            Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(session, "a.csv", "x\n1\n"u8.ToArray())).StatusCode);
            Assert.Single(await s3.ListKeysAsync($"sessions/{session:N}/"));
        }
        finally
        {
            await AppData.DeleteAsync(data);
            await s3.DisposeAsync();
        }
    }

    /// <summary><c>checks.storage.status</c> of readiness, whether the whole answer is 200 or a 503 problem.</summary>
    private static async Task<string?> StorageStatusAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync("/healthz/ready", cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString();
    }
}
