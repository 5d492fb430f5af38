using CodingAgent.Tests.Infrastructure;

namespace CodingAgent.Tests.Api;

/// <summary>Range downloads on the embedded default (files under the data folder); the S3 twin is in <see cref="S3StorageApiTests"/>.</summary>
[Collection("app")]
public sealed class FileSystemRangeDownloadTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_range_download_gets_206_with_those_bytes_and_the_etag_answers_304()
    {
        await RangeDownloads.AssertServedInRangesAsync(app.Client, await app.Client.CreateSessionAsync());
    }
}
