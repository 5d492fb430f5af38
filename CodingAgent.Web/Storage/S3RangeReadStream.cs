using Amazon.S3;
using Amazon.S3.Model;

namespace CodingAgent.Web.Storage;

/// <summary>
/// One object, read-only and seekable: reading fetches from the current position to the end with one ranged GET,
/// opened on the first read after a seek (the old response is dropped). Every GET asks for the ETag seen when the
/// stream was opened, so an object replaced meanwhile fails the read instead of mixing two contents.
/// </summary>
internal sealed class S3RangeReadStream(IAmazonS3 client, string bucket, string key, long length, string etag) : Stream
{
    private GetObjectResponse? _response;
    private Stream? _body;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position)
        {
            CloseBody();
            _position = target;
        }
        return _position;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0 || _position >= length)
        {
            return 0;
        }
        var body = _body ?? await OpenAsync(cancellationToken);
        int read;
        // a service that stops sending mid-object fails the read instead of holding the download forever
        using var stalled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stalled.CancelAfter(S3Calls.Quick);
        try
        {
            read = await body.ReadAsync(buffer, stalled.Token);
        }
        catch (Exception ex) when (S3Calls.IsOutage(ex, cancellationToken))
        {
            CloseBody();
            throw new S3StorageUnavailableException(ex);
        }
        if (read == 0)
        {
            CloseBody();
            throw new IOException($"The object {key} ended at {_position} of {length} bytes.");
        }
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>For callers that read synchronously (a parser, say); the app's own paths read asynchronously.</summary>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private async Task<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        _response = await S3Calls.RunAsync(token => client.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = key,
            ByteRange = new ByteRange(_position, length - 1),
            EtagToMatch = etag,
        }, token), cancellationToken);
        _body = _response.ResponseStream;
        return _body;
    }

    private void CloseBody()
    {
        _body?.Dispose();
        _response?.Dispose();
        (_body, _response) = (null, null);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseBody();
        }
        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
