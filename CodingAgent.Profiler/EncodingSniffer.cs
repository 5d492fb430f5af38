using System.Buffers;

namespace CodingAgent.Profiler;

/// <summary>
/// The encoding of a text file, as pandas names it: UTF-8 with or without BOM (utf-8-sig, utf-8), UTF-16 with a BOM
/// (utf-16), else Windows-1252 when bytes 0x80–0x9F occur (they are control codes in Latin-1) and Latin-1 otherwise.
/// Binary content (NUL or many control bytes at the start) fails early.
/// </summary>
internal static class EncodingSniffer
{
    public const string Utf8 = "utf-8";
    public const string Utf8Bom = "utf-8-sig";
    public const string Utf16 = "utf-16";
    public const string Cp1252 = "cp1252";
    public const string Latin1 = "latin-1";

    private const int HeadBytes = 64 * 1024;
    private const int ChunkBytes = 1024 * 1024;

    /// <exception cref="UnreadableFileException">The file holds binary data.</exception>
    public static async Task<string> SniffAsync(string path, CancellationToken cancellationToken) =>
        (await SniffAsync(path, long.MaxValue, cancellationToken)).Encoding;

    /// <summary>
    /// The encoding as <see cref="SniffAsync(string, CancellationToken)"/> gives it, with UTF-8 validated over the
    /// first <paramref name="validateBytes"/> only: <c>Whole</c> is false when the file holds more and they were valid
    /// UTF-8, so that the rest of the file is assumed to be (a reader that finds otherwise must sniff the whole file).
    /// </summary>
    /// <exception cref="UnreadableFileException">The file holds binary data.</exception>
    public static async Task<(string Encoding, bool Whole)> SniffAsync(string path, long validateBytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes + 4);
        try
        {
            var headLength = await ReadFullAsync(file, buffer.AsMemory(0, HeadBytes), cancellationToken);
            var head = buffer.AsSpan(0, headLength);
            if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                return (Utf16, true);
            }
            var bom = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
            RejectBinary(head);
            var (encoding, whole) = await ScanAsync(file, buffer, headLength, validateBytes, cancellationToken);
            return (encoding == Utf8 && bom ? Utf8Bom : encoding, whole);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void RejectBinary(ReadOnlySpan<byte> head)
    {
        var nul = head.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new UnreadableFileException($"The file holds binary data, not text: a NUL byte at byte {nul + 1} (line {LineOf(head, nul)}). Is it really a CSV file?");
        }
        var controls = 0;
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                controls++;
            }
        }
        if (controls > Math.Max(8, head.Length / 100))
        {
            throw new UnreadableFileException($"The file holds binary data, not text: {controls} control bytes in its first {head.Length:N0} bytes. Is it really a CSV file?");
        }
    }

    private static int LineOf(ReadOnlySpan<byte> head, int offset) => head[..offset].Count((byte)'\n') + 1;

    /// <summary>
    /// Validates UTF-8 over the file (a sequence may straddle chunks), or until <paramref name="validateBytes"/> were
    /// valid; on the first invalid byte, looks for 0x80–0x9F.
    /// </summary>
    private static async Task<(string Encoding, bool Whole)> ScanAsync(FileStream file, byte[] buffer, int filled, long validateBytes, CancellationToken cancellationToken)
    {
        var carry = 0;
        var length = filled;
        var validated = 0L;
        while (length > 0)
        {
            var span = buffer.AsSpan(0, length);
            // keep an incomplete sequence at the end for the next chunk
            var complete = CompletePrefix(span);
            if (!System.Text.Unicode.Utf8.IsValid(span[..complete]))
            {
                return (await SingleByteEncodingAsync(file, buffer, length, cancellationToken), true);
            }
            validated += complete;
            if (validated >= validateBytes && file.Position < file.Length)
            {
                return (Utf8, false);
            }
            carry = length - complete;
            span[complete..].CopyTo(buffer);
            var read = await ReadFullAsync(file, buffer.AsMemory(carry, ChunkBytes), cancellationToken);
            if (read == 0)
            {
                return (carry == 0 || System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(0, carry)) ? Utf8 : await SingleByteEncodingAsync(file, buffer, carry, cancellationToken), true);
            }
            length = carry + read;
        }
        return (Utf8, true);
    }

    private static int CompletePrefix(ReadOnlySpan<byte> span)
    {
        // a lead byte within the last 3 bytes whose sequence runs past the end is kept for the next chunk
        for (var back = 1; back <= Math.Min(3, span.Length); back++)
        {
            var b = span[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }
            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? span.Length - back : span.Length;
        }
        return span.Length;
    }

    private static async Task<string> SingleByteEncodingAsync(FileStream file, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var seen = false;
        while (length > 0)
        {
            var span = buffer.AsSpan(0, length);
            // bytes that Windows-1252 leaves undefined: Python's cp1252 codec fails on them, Latin-1 reads every byte
            if (span.IndexOfAny((ReadOnlySpan<byte>)[0x81, 0x8D, 0x8F, 0x90, 0x9D]) >= 0)
            {
                return Latin1;
            }
            seen |= span.IndexOfAnyInRange((byte)0x80, (byte)0x9F) >= 0;
            length = await ReadFullAsync(file, buffer.AsMemory(0, ChunkBytes), cancellationToken);
        }
        return seen ? Cp1252 : Latin1;
    }

    private static async Task<int> ReadFullAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }
}
