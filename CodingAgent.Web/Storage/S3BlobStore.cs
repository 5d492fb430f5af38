using System.Buffers;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using CodingAgent.Core.Ports;

namespace CodingAgent.Web.Storage;

/// <summary>
/// Blobs in one bucket of an S3-compatible service. Uploads stream through one pooled buffer of a part's size (one
/// PutObject when the content fits in it, else a multipart upload that is aborted on any failure); reads are ranged
/// GETs made as the reader goes, so a download with a Range header fetches only what it serves.
/// </summary>
public sealed partial class S3BlobStore(IAmazonS3 client, string bucket, ILogger<S3BlobStore> logger, int partSize = S3BlobStore.DefaultPartSize)
    : IBlobStore, IBlobStoreHealth
{
    /// <summary>8 MiB: S3's parts are 5 MiB at least (but the last), 10,000 at most (78 GiB per object).</summary>
    public const int DefaultPartSize = 8 * 1024 * 1024;

    /// <summary>The most keys one DeleteObjects call takes.</summary>
    private const int DeleteBatch = 1000;

    public string Bucket => bucket;

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            var filled = await FillAsync(content, buffer, cancellationToken);
            if (filled < partSize)
            {
                using var whole = new MemoryStream(buffer, 0, filled, writable: false);
                await S3Calls.RunAsync(token => client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    InputStream = whole,
                    AutoCloseStream = false,
                    UseChunkEncoding = false,
                }, token), S3Calls.Part, cancellationToken);
                return;
            }
            await PutInPartsAsync(key, content, buffer, filled, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PutInPartsAsync(string key, Stream content, byte[] buffer, int filled, CancellationToken cancellationToken)
    {
        var upload = await S3Calls.RunAsync(token => client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, token), cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            for (var number = 1; filled > 0; number++)
            {
                using var part = new MemoryStream(buffer, 0, filled, writable: false);
                var partNumber = number;
                var uploaded = await S3Calls.RunAsync(token => client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = partNumber,
                    PartSize = filled,
                    InputStream = part,
                    UseChunkEncoding = false,
                }, token), S3Calls.Part, cancellationToken);
                parts.Add(new PartETag(number, uploaded.ETag));
                filled = await FillAsync(content, buffer, cancellationToken);
            }
            await S3Calls.RunAsync(token => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, token), S3Calls.Assembly, cancellationToken);
        }
        catch (Exception failure)
        {
            // nothing half-written stays: the parts stored so far are dropped whatever went wrong (the caller's
            // cancellation too, so this call does not take its token)
            await AbortAsync(key, upload.UploadId, failure);
            throw;
        }
    }

    private async Task AbortAsync(string key, string uploadId, Exception failure)
    {
        try
        {
            await S3Calls.RunAsync(token => client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, token), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogAbortFailed(logger, key, failure.GetType().Name, ex.Message);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> holds a whole part or the content ends; the number of bytes read.</summary>
    private async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < partSize)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, partSize - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        return filled;
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await S3Calls.RunAsync(token => client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, token), cancellationToken);
            return new S3RangeReadStream(client, bucket, key, head.ContentLength, head.ETag);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        // S3 answers a deletion of a missing key with success too
        await S3Calls.RunAsync(token => client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, token), cancellationToken);

    public async Task DeleteByPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await S3Calls.RunAsync(token => client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket,
                Prefix = prefix,
                ContinuationToken = continuation,
                MaxKeys = DeleteBatch,
            }, token), cancellationToken);
            var keys = (page.S3Objects ?? []).Select(o => new KeyVersion { Key = o.Key }).ToList();
            if (keys.Count > 0)
            {
                var deleted = await S3Calls.RunAsync(token => client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = keys, Quiet = true }, token), cancellationToken);
                if (deleted.DeleteErrors is { Count: > 0 } errors)
                {
                    throw new IOException($"{errors.Count} objects under {prefix} could not be deleted: {errors[0].Code} {errors[0].Message}");
                }
            }
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    /// <summary>Creates the bucket when it is missing; true when it was created.</summary>
    public async Task<bool> EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (await BucketExistsAsync(cancellationToken))
        {
            return false;
        }
        try
        {
            await S3Calls.RunAsync(token => client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, token), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // another instance created it meanwhile
            return false;
        }
    }

    public async Task<DependencyHealth> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await BucketExistsAsync(cancellationToken)
                ? DependencyHealth.Ready
                : DependencyHealth.NotReady($"The bucket '{bucket}' does not exist (yet); it is created when the service answers.");
        }
        catch (S3StorageUnavailableException ex)
        {
            return DependencyHealth.NotReady(ex.Message);
        }
        catch (AmazonS3Exception ex)
        {
            return DependencyHealth.NotReady($"S3 storage refused the bucket '{bucket}': {(int)ex.StatusCode} {ex.ErrorCode}.");
        }
    }

    private async Task<bool> BucketExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await S3Calls.RunAsync(token => client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, token), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The multipart upload of {Key} failed ({Failure}) and could not be aborted: {Reason}. Its parts stay until a lifecycle rule removes them.")]
    private static partial void LogAbortFailed(ILogger logger, string key, string failure, string reason);
}
