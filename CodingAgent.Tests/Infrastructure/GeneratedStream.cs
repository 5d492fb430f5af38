using System.Security.Cryptography;

namespace CodingAgent.Tests.Infrastructure;

/// <summary>
/// <paramref name="length"/> pseudo-random bytes made as they are read (never held whole): not seekable, no Length,
/// like an upload's body. <see cref="Sha256"/> is the hash of what was read so far. It can call
/// <paramref name="onRead"/> with the count read so far (to cancel mid-way, say).
/// </summary>
public sealed class GeneratedStream(long length, ulong seed = 0x9E3779B97F4A7C15, Action<long>? onRead = null) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private ulong _state = seed | 1;
    private long _position;
    private string? _finalSha256;

    /// <summary>SHA-256 of what was read so far (kept when the stream is disposed, as StreamContent does).</summary>
    public string Sha256 => _finalSha256 ?? Convert.ToHexStringLower(_hash.GetCurrentHash());

    /// <summary>The whole content of a stream with these arguments, for small lengths.</summary>
    public static byte[] Bytes(int length, ulong seed = 0x9E3779B97F4A7C15)
    {
        using var stream = new GeneratedStream(length, seed);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < count; i++)
        {
            // xorshift64: fast, and different for every position
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            buffer[i] = (byte)_state;
        }
        _hash.AppendData(buffer[..count]);
        _position += count;
        onRead?.Invoke(_position);
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _finalSha256 is null)
        {
            _finalSha256 = Sha256;
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
