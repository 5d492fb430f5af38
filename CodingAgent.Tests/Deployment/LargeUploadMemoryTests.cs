using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using CodingAgent.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CodingAgent.Tests.Deployment;

/// <summary>
/// A 300 MB upload through the published app to S3 storage (s3rver): the app's peak resident memory (VmHWM) grows by
/// at most 150 MB, and the stored object has the upload's size and SHA-256. The figure is printed (docs/benchmarks.md).
/// </summary>
public sealed class LargeUploadMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long UploadBytes = 300L * 1024 * 1024;
    private const long AllowedGrowthBytes = 150L * 1024 * 1024;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "codingagent-bigupload-" + Guid.NewGuid().ToString("N"));
    private readonly S3rverServer _s3 = new();
    private PublishedApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _s3.InitializeAsync();
        var published = await PublishedApp.SharedPublishAsync();
        var tmp = Directory.CreateDirectory(Path.Combine(_root, "tmp")).FullName;
        var environment = new Dictionary<string, string>
        {
            ["CODINGAGENT_DATA_DIR"] = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName,
            ["TMPDIR"] = tmp,
            ["HOME"] = tmp,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["Files__MaxUploadMb"] = "400",
        };
        foreach (var (name, value) in _s3.AppSettings)
        {
            environment[name.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }
        _app = await PublishedApp.StartAsync(published, environment, uid: null);
        _client = new HttpClient { BaseAddress = _app.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
    }

    [Fact]
    public async Task A_300_MB_upload_to_S3_grows_the_apps_peak_memory_by_at_most_150_MB_and_is_stored_whole()
    {
        var session = await _client.CreateSessionAsync();
        // warm-up: the whole upload path once (JIT, pools, the S3 client), so that the figure is the large upload's own
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(session, "warmup.bin", new GeneratedStream(12L * 1024 * 1024, seed: 7))).StatusCode);
        var before = PeakResidentBytes();

        using var source = new GeneratedStream(UploadBytes);
        var response = await UploadAsync(session, "large.bin", source);

        var after = PeakResidentBytes();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{_app.Log}");
        var stored = (await response.Content.ReadFromJsonAsync<JsonElement>())[0];
        Assert.Equal(UploadBytes, stored.GetProperty("size").GetInt64());
        Assert.Equal(source.Sha256, stored.GetProperty("sha256").GetString());
        var growth = after - before;
        output.WriteLine($"300 MB upload to S3: VmHWM {before / 1048576.0:F1} MB before, {after / 1048576.0:F1} MB after, growth {growth / 1048576.0:F1} MB (allowed 150 MB)");
        Assert.True(growth <= AllowedGrowthBytes, $"peak memory grew by {growth / 1048576.0:F1} MB");

        // the bucket holds the warm-up and the upload at their sizes; the download is the upload, byte for byte
        var objects = (await _s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _s3.Bucket, Prefix = $"sessions/{session:N}/uploads/" })).S3Objects;
        Assert.Equal([12L * 1024 * 1024, UploadBytes], objects.Select(o => o.Size ?? -1).Order());
        using var whole = await _client.GetAsync($"/api/sessions/{session}/files/large.bin", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        await using var body = await whole.Content.ReadAsStreamAsync();
        Assert.Equal(source.Sha256, Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(body)));
    }

    private async Task<HttpResponseMessage> UploadAsync(Guid session, string name, Stream content)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(content, 1024 * 1024);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return await _client.PostAsync($"/api/sessions/{session}/files", form);
    }

    /// <summary>VmHWM: the most resident memory the app's process has had so far.</summary>
    private long PeakResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_app.ProcessId}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        await _s3.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
