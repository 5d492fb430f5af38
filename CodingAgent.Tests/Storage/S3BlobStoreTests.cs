using CodingAgent.Core.Ports;
using CodingAgent.Tests.Infrastructure;
using CodingAgent.Web.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodingAgent.Tests.Storage;

/// <summary>The blob store contract on an S3-compatible service (s3rver), with 5 MiB parts (S3's smallest).</summary>
public sealed class S3BlobStoreTests(S3rverServer s3) : BlobStoreContract, IClassFixture<S3rverServer>, IAsyncLifetime
{
    private const int MinimumPartSize = 5 * 1024 * 1024;

    private readonly S3BlobStore _store = new(
        StorageExtensions.CreateClient(new S3StorageOptions { ServiceUrl = s3.ServiceUrl, Bucket = s3.Bucket, AccessKey = S3rverServer.AccessKey, SecretKey = S3rverServer.SecretKey }),
        s3.Bucket, NullLogger<S3BlobStore>.Instance, MinimumPartSize);

    protected override IBlobStore Store => _store;

    protected override int ManyKeys => 1005;

    protected override Task<List<string>> StoredKeysAsync(string prefix) => s3.ListKeysAsync(prefix);

    protected override Task<List<string>> PendingWritesAsync() => s3.ListPendingUploadsAsync();

    public async Task InitializeAsync() => await _store.EnsureBucketAsync(CancellationToken.None);

    [Fact]
    public async Task The_bucket_is_created_once_and_reported_ready()
    {
        Assert.False(await _store.EnsureBucketAsync(CancellationToken.None));
        Assert.True((await _store.CheckAsync(CancellationToken.None)).IsReady);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
